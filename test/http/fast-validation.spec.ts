// The validation pipe's fast path (apps/api/src/http/fast-validation.ts) against class-validator
// itself: for random bodies and queries, valid and invalid, of the API's DTOs, the pipe with the
// fast path gives exactly what the pipe without it gives: the same transformed value, or the same
// 400 problem (message and errors[]). And the fast path is taken for valid grants (otherwise it
// would only be a slower class-validator).
import { describe, expect, it } from '@jest/globals';
import type { ArgumentMetadata } from '@nestjs/common';
import fc from 'fast-check';
import { AUTHORIZED_OBJECTS, SELLER_CENTER_ROLES } from '#libs/domain';
import { AccessCheckQuery } from '../../apps/api/src/access/access-checks.controller.js';
import {
  BulkRenewalRequestDto,
  CancellationRequestDto,
  EditAuthorizationDto,
  GrantAuthorizationsDto,
} from '../../apps/api/src/authorizations/authorization.dto.js';
import { FastValidator } from '../../apps/api/src/http/fast-validation.js';
import { RequestValidationPipe } from '../../apps/api/src/http/validation.pipe.js';
import { CreateProposalDto } from '../../apps/api/src/proposals/proposal.dto.js';
import { SellerManagementQueryDto } from '../../apps/api/src/read-side/query.dto.js';
import { PublishServiceDto } from '../../apps/api/src/services/service.dto.js';
import { SubscribeWebhookDto } from '../../apps/api/src/webhooks/webhook.dto.js';

const fast = new RequestValidationPipe();
const reference = RequestValidationPipe.withoutFastPath();

type Outcome = { value: unknown; type: string } | { error: unknown };

async function outcome(pipe: RequestValidationPipe, value: unknown, metadata: ArgumentMetadata): Promise<Outcome> {
  try {
    const out = await pipe.transform(structuredClone(value), metadata);
    return { value: JSON.parse(JSON.stringify(out ?? null)), type: (out as object | null)?.constructor?.name ?? typeof out };
  } catch (error) {
    const e = error as { getStatus?: () => number; getResponse?: () => unknown; message?: string };
    return { error: e.getResponse ? { status: e.getStatus?.(), body: e.getResponse() } : String(e.message) };
  }
}

const junk = fc.oneof(
  fc.string({ maxLength: 4 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.object({ maxDepth: 1, maxKeys: 2 }),
);
const sometimes = <T>(good: fc.Arbitrary<T>) => fc.oneof({ arbitrary: good, weight: 8 }, { arbitrary: junk, weight: 1 });
const scopes = fc.record(
  {
    authorizedObject: sometimes(fc.constantFrom(...AUTHORIZED_OBJECTS)),
    sellerCenterRoles: sometimes(fc.oneof(fc.subarray([...SELLER_CENTER_ROLES]), fc.array(fc.constantFrom(...SELLER_CENTER_ROLES), { maxLength: 3 }))),
    shopOperationTicket: sometimes(fc.boolean()),
    dataCompass: sometimes(fc.boolean()),
    stray: junk,
  },
  { requiredKeys: [] },
);
const grant = fc.record(
  {
    serviceId: sometimes(fc.constantFrom('svc_abc', 'svc-1', 'x', '', 'a'.repeat(300))),
    scopes: fc.oneof({ arbitrary: scopes, weight: 8 }, { arbitrary: junk, weight: 1 }),
    validityDays: sometimes(fc.integer({ min: -2, max: 400 })),
    autoRenew: sometimes(fc.boolean()),
    stray: junk,
  },
  { requiredKeys: [] },
);
const grantBody = fc.record(
  {
    linkCode: sometimes(fc.oneof(fc.constantFrom('lk_abc', 'lk-1_x', ''), fc.string({ maxLength: 6 }))),
    grants: sometimes(fc.array(fc.oneof({ arbitrary: grant, weight: 8 }, { arbitrary: junk, weight: 1 }), { maxLength: 3 })),
    stray: junk,
  },
  { requiredKeys: [] },
);
/** Any object over a DTO's own property names (and a stray one), with values of every kind. */
const loose = (names: string[]) =>
  fc.dictionary(
    fc.constantFrom(...names, 'stray'),
    fc.oneof(junk, scopes, fc.array(grant, { maxLength: 2 }), fc.constantFrom('1', '30', 'ACTIVE', 'DATA_COMPASS', 'svc_abc', 'seller-1', 'US_L2L')),
    { maxKeys: 5 },
  );

type Dto = new () => object;
const body = (metatype: Dto): ArgumentMetadata => ({ type: 'body', metatype: metatype as never, data: undefined });
const query = (metatype: Dto): ArgumentMetadata => ({ type: 'query', metatype: metatype as never, data: undefined });

async function same(value: unknown, metadata: ArgumentMetadata): Promise<void> {
  const [a, b] = await Promise.all([outcome(fast, value, metadata), outcome(reference, value, metadata)]);
  expect(a).toEqual(b);
}

describe('the validation pipe with its fast path answers as class-validator does', () => {
  it('for random grant bodies, valid and not', async () => {
    await fc.assert(
      fc.asyncProperty(grantBody, (value) => same(value, body(GrantAuthorizationsDto))),
      { numRuns: 1_500 },
    );
  });

  it.each([
    ['EditAuthorizationDto', EditAuthorizationDto, ['scopes', 'autoRenew'], body],
    ['CancellationRequestDto', CancellationRequestDto, ['reason', 'note'], body],
    ['BulkRenewalRequestDto', BulkRenewalRequestDto, ['authorizationIds', 'validityDays'], body],
    ['PublishServiceDto', PublishServiceDto, ['name', 'description', 'visibility', 'markets', 'requestedScopes', 'validityDays'], body],
    ['CreateProposalDto', CreateProposalDto, ['sellerId', 'services', 'note', 'message'], body],
    ['SubscribeWebhookDto', SubscribeWebhookDto, ['url', 'events', 'secret'], body],
    [
      'SellerManagementQueryDto',
      SellerManagementQueryDto,
      ['status', 'market', 'serviceId', 'sellerId', 'expiringWithinDays', 'sort', 'page', 'pageSize'],
      query,
    ],
    ['AccessCheckQuery', AccessCheckQuery, ['partnerId', 'sellerId', 'permission'], query],
  ] as const)('for random %s values', async (_name, metatype, names, kind) => {
    await fc.assert(
      fc.asyncProperty(loose([...names]), (value) => same(value, kind(metatype))),
      { numRuns: 400 },
    );
  });

  it('takes the fast path for a valid grant (its nested grants and scopes included)', async () => {
    const valid = {
      linkCode: 'lk_abc',
      grants: [
        {
          serviceId: 'svc_abc',
          scopes: { authorizedObject: 'SHOP', dataCompass: true, sellerCenterRoles: [SELLER_CENTER_ROLES[0]] },
          validityDays: 30,
          autoRenew: false,
        },
      ],
    };
    const instance = await reference.transform(structuredClone(valid), body(GrantAuthorizationsDto));
    expect(new FastValidator().valid(instance)).toBe(true);
    expect(
      new FastValidator().valid(
        await reference.transform({ linkCode: 'lk_abc', grants: [{ serviceId: 'svc_abc' }] }, body(GrantAuthorizationsDto)).catch(() => ({})),
      ),
    ).toBe(false);
    await same(valid, body(GrantAuthorizationsDto));
  });
});
