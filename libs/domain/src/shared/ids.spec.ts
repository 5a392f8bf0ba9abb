// Ids lead to their stream without a read model; anything not made by us is rejected.
import { describe, expect, it } from '@jest/globals';
import { authorizationIdOf, isPrincipalId, linkCodeOf, parseAuthorizationId, parseLinkCode, parseProposalId, proposalIdOf } from './ids.js';

const key = { partnerId: 'partner-1', sellerId: 'shop-1', serviceId: 'svc-ads' };
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

describe('authorization ids', () => {
  it('round trip: the id names the partner, the seller and the service', () => {
    expect(parseAuthorizationId(authorizationIdOf(key))).toEqual(key);
    const odd = { partnerId: 'p.1:x@y', sellerId: 'S_2-z', serviceId: 'a'.repeat(128) };
    expect(parseAuthorizationId(authorizationIdOf(odd))).toEqual(odd);
  });

  it('one authorization per seller and service: the same key, the same id; another key, another id', () => {
    expect(authorizationIdOf({ ...key })).toBe(authorizationIdOf(key));
    expect(authorizationIdOf({ ...key, sellerId: 'shop-2' })).not.toBe(authorizationIdOf(key));
    expect(authorizationIdOf({ ...key, serviceId: 'svc-b' })).not.toBe(authorizationIdOf(key));
  });

  it('starts with au_', () => expect(authorizationIdOf(key).startsWith('au_')).toBe(true));

  it.each([
    ['no prefix', b64('partner-1~shop-1~svc-ads')],
    ['a proposal prefix', `pr_${b64('partner-1~shop-1~svc-ads')}`],
    ['two parts', `au_${b64('partner-1~shop-1')}`],
    ['four parts', `au_${b64('partner-1~shop-1~svc-ads~x')}`],
    ['an empty part', `au_${b64('partner-1~~svc-ads')}`],
    ['a part outside the safe alphabet', `au_${b64('partner 1~shop-1~svc-ads')}`],
    ['padding', `au_${Buffer.from('partner-1~shop-1~svc-ad').toString('base64')}`],
    ['characters outside base64url', 'au_abc$def'],
    ['nothing after the prefix', 'au_'],
    ['far too long', `au_${'A'.repeat(700)}`],
  ])('rejects %s', (_what, id) => expect(parseAuthorizationId(id)).toBeUndefined());

  it('rejects a non-canonical encoding of a valid key', () => {
    const id = authorizationIdOf({ ...key, serviceId: 'svc-ad' }); // 23 bytes: the last character has 2 unused bits
    // Setting those unused low bits decodes to the same bytes.
    const last = id.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twin = id.slice(0, -1) + alphabet[alphabet.indexOf(last) + 1];
    expect(Buffer.from(twin.slice(3), 'base64url').toString('utf8')).toBe('partner-1~shop-1~svc-ad');
    expect(parseAuthorizationId(id)).toEqual({ ...key, serviceId: 'svc-ad' });
    expect(parseAuthorizationId(twin)).toBeUndefined();
  });

  it('rejects what is not a string', () => expect(parseAuthorizationId(42 as unknown as string)).toBeUndefined());
});

describe('proposal ids', () => {
  it('round trip', () => {
    const p = { partnerId: 'partner-1', sellerId: 'shop-1', nonce: 'n-42' };
    expect(parseProposalId(proposalIdOf(p))).toEqual(p);
    expect(proposalIdOf(p).startsWith('pr_')).toBe(true);
  });

  it('an authorization id is not a proposal id', () => expect(parseProposalId(authorizationIdOf(key))).toBeUndefined());
});

describe('link codes', () => {
  it('round trip: the link names the service', () => {
    expect(parseLinkCode(linkCodeOf('svc-ads'))).toBe('svc-ads');
    expect(linkCodeOf('svc-ads').startsWith('lk_')).toBe(true);
  });

  it.each([
    ['no prefix', b64('svc-ads')],
    ['a service id outside the safe alphabet', `lk_${b64('svc ads')}`],
    ['an empty code', 'lk_'],
    ['padding', `lk_${Buffer.from('svc-ads').toString('base64')}`],
    ['characters outside base64url', 'lk_svc+ads'],
  ])('rejects %s', (_what, code) => expect(parseLinkCode(code)).toBeUndefined());

  it('rejects a non-canonical encoding', () => {
    const code = linkCodeOf('svc-ads'); // 7 bytes: the last character carries unused bits
    const twin = code.slice(0, -1) + String.fromCharCode(code.charCodeAt(code.length - 1) + 1);
    expect(Buffer.from(twin.slice(3), 'base64url').toString('utf8')).toBe('svc-ads');
    expect(parseLinkCode(twin)).toBeUndefined();
  });
});

describe('principal ids', () => {
  it.each(['partner-1', 'a', 'A.b_c:d@e-f', 'x'.repeat(128)])('%s is one', (id) => expect(isPrincipalId(id)).toBe(true));
  it.each(['', '-leading', 'has space', 'til~de', 'x'.repeat(129), 7])('%p is not', (id) => expect(isPrincipalId(id)).toBe(false));
});
