// The Seller management page as CSV: a header line, then every matching row, streamed.
import { Readable } from 'node:stream';
import type { AuthorizationView } from '#libs/domain';

export const CSV_COLUMNS = [
  'authorizationId',
  'partnerId',
  'sellerId',
  'serviceId',
  'serviceName',
  'market',
  'status',
  'authorizedObject',
  'shopOperationTicket',
  'sellerCenterRoles',
  'dataCompass',
  'validityDays',
  'autoRenew',
  'grantedAt',
  'expiresAt',
  'renewedAt',
  'renewalRequestedAt',
  'cancellationRequestedAt',
  'endedAt',
  'endReason',
  'updatedAt',
  'revision',
] as const;

/**
 * A cell a spreadsheet would run as a formula: one that starts with = + - @ (or their full-width
 * and small forms, which spreadsheets also read), a tab or a carriage return, even behind
 * spaces, zero-width or other invisible characters, which they skip.
 */
const FORMULA = /^[\p{White_Space}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\u2212]|^[\t\r]/u;

/** Quotes what needs it, and defuses cells a spreadsheet would run as a formula. */
export function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? '' : String(value);
  if (FORMULA.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(view: AuthorizationView): string {
  const row: Partial<Record<(typeof CSV_COLUMNS)[number], unknown>> = {
    ...view,
    authorizedObject: view.scopes.authorizedObject,
    shopOperationTicket: view.scopes.shopOperationTicket,
    sellerCenterRoles: view.scopes.sellerCenterRoles.join(';'),
    dataCompass: view.scopes.dataCompass,
    cancellationRequestedAt: view.cancellationRequest?.requestedAt,
  };
  return `${CSV_COLUMNS.map((c) => csvCell(row[c])).join(',')}\r\n`;
}

export function csvStream(pages: AsyncIterable<AuthorizationView[]>): Readable {
  return Readable.from(
    (async function* () {
      yield `${CSV_COLUMNS.join(',')}\r\n`;
      for await (const page of pages) yield page.map(csvRow).join('');
    })(),
  );
}
