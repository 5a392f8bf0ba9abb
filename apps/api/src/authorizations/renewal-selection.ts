// Which of a partner's authorizations expire soon: answered by the read side.
export const RENEWAL_SELECTION = Symbol('RENEWAL_SELECTION');

export interface RenewalSelection {
  /** Ids of the partner's ACTIVE authorizations whose expiresAt falls within `days` days of `now`. */
  expiringWithin(partnerId: string, days: number, now: string): Promise<string[]>;
}
