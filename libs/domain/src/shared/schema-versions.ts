// The schema version each event type is written in today. An event read in an older version is
// upcast (see upcasters) before anything else sees it.
const CURRENT: Record<string, number> = {};

export function schemaVersionOf(type: string): number {
  return CURRENT[type] ?? 1;
}
