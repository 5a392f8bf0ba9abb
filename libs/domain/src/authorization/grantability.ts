// Whether a service can be granted to a seller now: shared by the seller's grant, the partner's
// proposal and the seller's signature of it, which each turn the problems into their own answer.
import { DomainError, type DomainErrorKind, type FieldError, ruleBroken } from '../shared/errors.js';
import { entryOf } from '../shared/dictionary.js';
import type { Instant } from '../shared/time.js';
import { type MarketSettings, scopeErrors } from '../market/market-rules.js';
import { type Market, type Scopes, normalizeScopes, type ScopesInput } from '../market/scopes.js';
import { isVisibleTo } from '../service/service.js';
import type { Bans, PublishedService } from '../binding/commands.js';
import { type BindingState, isEffectivelyActive } from '../binding/state.js';

export interface GrantContext {
  partnerId: string;
  sellerId: string;
  market: Market;
  now: Instant;
  settings: MarketSettings;
  bans: Bans;
  /** A seller may not see another seller's CUSTOM service (404); a partner proposing it breaks a rule (422). */
  invisibleServiceIs: 'NotFound' | 'Rule';
}

export interface GrantRequest {
  serviceId: string;
  service?: PublishedService;
  scopes: ScopesInput;
  validityDays?: number;
}

export interface GrantProblem {
  kind: Exclude<DomainErrorKind, 'Forbidden' | 'Precondition'>;
  code: string;
  field: string;
  message: string;
}

export interface Grantable {
  service: PublishedService;
  scopes: Scopes;
  validityDays: number;
}

export function grantProblems(
  request: GrantRequest,
  prefix: string,
  ctx: GrantContext,
  state: BindingState,
): { problems: GrantProblem[]; grantable?: Grantable } {
  const { service } = request;
  const at = (field: string) => `${prefix}.${field}`;
  if (!service || service.partnerId !== ctx.partnerId)
    return { problems: [{ kind: 'NotFound', code: 'SERVICE.NOT_FOUND', field: at('serviceId'), message: `no service ${request.serviceId} of this partner` }] };
  if (!isVisibleTo(service, ctx.sellerId)) {
    const message = `service ${service.serviceId} is a custom service not offered to this seller`;
    return { problems: [{ kind: ctx.invisibleServiceIs, code: 'SERVICE.NOT_OFFERED_TO_SELLER', field: at('serviceId'), message }] };
  }
  const problems: GrantProblem[] = [];
  if (service.status !== 'ACTIVE')
    problems.push({ kind: 'Conflict', code: 'SERVICE.DEACTIVATED', field: at('serviceId'), message: `service ${service.serviceId} is deactivated` });
  if (ctx.bans.partner) problems.push({ kind: 'Conflict', code: 'PARTNER.BANNED', field: at('serviceId'), message: 'the partner is banned' });
  if (ctx.bans.seller) problems.push({ kind: 'Conflict', code: 'SELLER.BANNED', field: at('serviceId'), message: 'the seller is banned' });
  const current = entryOf(state.authorizations, service.serviceId);
  if (current && isEffectivelyActive(current, ctx.now))
    problems.push({
      kind: 'Conflict',
      code: 'AUTHORIZATION.ALREADY_ACTIVE',
      field: at('serviceId'),
      message: `service ${service.serviceId} is already authorized`,
    });
  if (!service.markets.includes(ctx.market))
    problems.push({
      kind: 'Rule',
      code: 'SERVICE.MARKET_NOT_OFFERED',
      field: at('serviceId'),
      message: `service ${service.serviceId} is not offered in ${ctx.market}`,
    });
  const validityDays = request.validityDays ?? service.validityDays;
  if (!Number.isInteger(validityDays) || validityDays < 1 || validityDays > service.validityDays)
    problems.push({
      kind: 'Rule',
      code: 'AUTHORIZATION.VALIDITY_TOO_LONG',
      field: at('validityDays'),
      message: `at most the service's ${service.validityDays} days`,
    });
  const scopes = normalizeScopes(request.scopes);
  for (const e of scopeErrors(scopes, service.requestedScopes, ctx.market, ctx.now, ctx.settings, at('scopes')))
    problems.push({ kind: 'Rule', code: 'AUTHORIZATION.SCOPE_NOT_OFFERED', ...e });
  return problems.length ? { problems } : { problems, grantable: { service, scopes, validityDays } };
}

/** Not found first, then conflicts, then every broken rule at once (422 naming each field). */
export function refusalOf(problems: GrantProblem[]): DomainError | undefined {
  const first = problems.find((p) => p.kind === 'NotFound') ?? problems.find((p) => p.kind === 'Conflict');
  if (first) return new DomainError(first.kind, first.code, first.message, [{ field: first.field, message: first.message }]);
  const rules = problems.filter((p) => p.kind === 'Rule');
  if (!rules.length) return undefined;
  const errors: FieldError[] = rules.map(({ field, message }) => ({ field, message }));
  return ruleBroken(rules.length === 1 ? rules[0]!.code : 'GRANT.RULES_BROKEN', rules.map((r) => r.message).join('; '), errors);
}

export function duplicateServiceErrors(serviceIds: string[], listName: string): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  serviceIds.forEach((id, i) => {
    if (seen.has(id)) errors.push({ field: `${listName}[${i}].serviceId`, message: `service ${id} appears twice` });
    seen.add(id);
  });
  return errors;
}
