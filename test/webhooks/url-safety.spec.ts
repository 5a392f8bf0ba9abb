// Webhook URLs may not reach the platform's own network: every refused kind of address, in every
// spelling, at subscription and again at delivery (where the socket goes to the checked address).
import { describe, expect, it } from '@jest/globals';
import { checkUrlText, classifyAddress, pinnedLookup, RefusedUrlError, resolveAllowed } from '../../libs/shell/src/webhooks/url-safety.js';

const strict = { allowHttp: false, allowPrivate: false };

describe('the address classifier', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.10', 'reserved'],
  ])('%s is %s', (address, kind) => expect(classifyAddress(address)).toBe(kind));

  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::FFFF:169.254.169.254', 'metadata'],
    ['::ffff:10.0.0.1', 'private'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['2002:c0a8:0101::1', 'private'],
    // Second round: every IPv6 transition form, decoded.
    ['64:ff9b::10.0.0.1', 'private'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b:1::a00:1', 'private'], // local-use NAT64, 96-bit prefix
    ['64:ff9b:1:7f00:0:100::', 'loopback'], // 48-bit prefix: 127.0 | u | 0.1
    ['64:ff9b:1:a9:fe:a9fe::', 'metadata'], // 56-bit prefix: 169 | u | 254.169.254
    ['64:ff9b:1:0:a9:fea9:fe00:0', 'metadata'], // 64-bit prefix: u | 169.254.169.254
    ['2001:0:4136:e378:8000:63bf:3f57:fefe', 'private'], // Teredo, client 192.168.1.1 inverted
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'loopback'], // Teredo, client 127.0.0.1 inverted
    ['2001:0:a00:1:8000:63bf:f7f7:f7f7', 'private'], // Teredo through a private server
    ['2002:a9fe:a9fe::1', 'metadata'],
    ['2002:7f00:1::1', 'loopback'],
    ['2002:a00:1:1::', 'private'],
    ['::ffff:0:10.0.0.1', 'private'], // IPv4-translated (SIIT)
    ['::ffff:0:7f00:1', 'loopback'],
    ['::10.0.0.1', 'private'], // IPv4-compatible
  ])('an IPv4 address inside IPv6 is judged as itself: %s is %s', (address, kind) => expect(classifyAddress(address)).toBe(kind));

  it.each([
    '93.184.215.14',
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '64:ff9b:1::808:808',
    '2001:0:4136:e378:8000:63bf:f7f7:f7f7',
    '2002:808:808::1',
  ])('%s is public', (address) => expect(classifyAddress(address)).toBeUndefined());
});

describe('the URL itself', () => {
  it('https only, unless http is allowed', () => {
    expect(() => checkUrlText('http://tsp.example.com/hooks', strict)).toThrow('must be https');
    expect(checkUrlText('http://tsp.example.com/hooks', { ...strict, allowHttp: true }).hostname).toBe('tsp.example.com');
    expect(() => checkUrlText('ftp://tsp.example.com/hooks', { ...strict, allowHttp: true })).toThrow(RefusedUrlError);
    expect(() => checkUrlText('file:///etc/passwd', strict)).toThrow(RefusedUrlError);
  });

  it('no credentials in it, and it must be absolute', () => {
    expect(() => checkUrlText('https://user:pw@tsp.example.com/', strict)).toThrow('credentials');
    expect(() => checkUrlText('/hooks', strict)).toThrow('absolute');
  });
});

describe('resolving the host', () => {
  const resolver =
    (...addresses: string[]) =>
    async () =>
      addresses.map((address) => ({ address, family: (address.includes(':') ? 6 : 4) as 4 | 6 }));

  it('refuses a name when any of its addresses is refused', async () => {
    const url = new URL('https://tsp.example.com/');
    await expect(resolveAllowed(url, strict, resolver('93.184.215.14', '10.0.0.5'))).rejects.toThrow('10.0.0.5, a private address');
    await expect(resolveAllowed(url, strict, resolver('169.254.169.254'))).rejects.toThrow('a metadata address');
    await expect(resolveAllowed(url, strict, resolver('93.184.215.14'))).resolves.toEqual({ address: '93.184.215.14', family: 4 });
  });

  it('refuses address literals without asking DNS', async () => {
    const never = async () => {
      throw new Error('DNS was asked');
    };
    await expect(resolveAllowed(new URL('https://127.0.0.1/'), strict, never)).rejects.toThrow('loopback');
    await expect(resolveAllowed(new URL('https://[::ffff:127.0.0.1]/'), strict, never)).rejects.toThrow('loopback');
    await expect(resolveAllowed(new URL('https://[fe80::1]/'), strict, never)).rejects.toThrow('link-local');
    await expect(resolveAllowed(new URL('https://0.0.0.0/'), strict, never)).rejects.toThrow('unspecified');
  });

  it('a host that does not resolve is refused', async () => {
    const fails = async () => {
      throw Object.assign(new Error('nope'), { code: 'ENOTFOUND' });
    };
    await expect(resolveAllowed(new URL('https://nowhere.invalid/'), strict, fails)).rejects.toThrow('does not resolve (ENOTFOUND)');
  });

  it('a lookup that does not answer in time is refused, not waited for', async () => {
    const never = () => new Promise<never>(() => undefined);
    await expect(resolveAllowed(new URL('https://slow.example/'), strict, never, AbortSignal.timeout(20))).rejects.toThrow('did not resolve in time');
  });

  it('WEBHOOK_ALLOW_PRIVATE lifts the address check', async () => {
    await expect(resolveAllowed(new URL('http://127.0.0.1:9/'), { allowHttp: true, allowPrivate: true })).resolves.toEqual({ address: '127.0.0.1', family: 4 });
  });

  it('the socket gets the checked address, whatever DNS would say later', () => {
    const lookup = pinnedLookup({ address: '93.184.215.14', family: 4 });
    const answers: unknown[][] = [];
    lookup('tsp.example.com', {}, (...args: unknown[]) => answers.push(args));
    lookup('tsp.example.com', { all: true }, (...args: unknown[]) => answers.push(args));
    expect(answers).toEqual([
      [null, '93.184.215.14', 4],
      [null, [{ address: '93.184.215.14', family: 4 }]],
    ]);
  });
});
