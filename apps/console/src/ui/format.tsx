export const STATUSES = ['ACTIVE', 'EXPIRED', 'CANCELLED', 'DEACTIVATED'] as const;

/** PRODUCT_MANAGEMENT_SPECIALIST → Product management specialist */
export function words(constant: string): string {
  const text = constant.toLowerCase().replaceAll('_', ' ').replaceAll('tiktok', 'TikTok');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function date(iso?: string | null): string {
  if (!iso) return '';
  return new Date(iso).toISOString().slice(0, 16).replace('T', ' ');
}

export function scopesText(scopes: { authorizedObject?: string; shopOperationTicket?: boolean; sellerCenterRoles?: string[]; dataCompass?: boolean }): string {
  const parts: string[] = [];
  if (scopes.authorizedObject) parts.push(words(scopes.authorizedObject));
  if (scopes.shopOperationTicket) parts.push('Shop operation ticket');
  for (const role of scopes.sellerCenterRoles ?? []) parts.push(words(role));
  if (scopes.dataCompass) parts.push('Data compass');
  return parts.join(', ') || 'none';
}

export function requestedText(scopes: {
  authorizedObjects?: string[];
  shopOperationTicket?: boolean;
  sellerCenterRoles?: string[];
  dataCompass?: boolean;
}): string {
  const parts: string[] = [];
  for (const object of scopes.authorizedObjects ?? []) parts.push(words(object));
  if (scopes.shopOperationTicket) parts.push('Shop operation ticket');
  for (const role of scopes.sellerCenterRoles ?? []) parts.push(words(role));
  if (scopes.dataCompass) parts.push('Data compass');
  return parts.join(', ') || 'none';
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status.toLowerCase()}`}>{status}</span>;
}
