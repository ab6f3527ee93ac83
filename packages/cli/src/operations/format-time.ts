/** An epoch-ms time as operators read it (UTC, ISO 8601), or "-" when absent. */
export function formatTime(epochMs: number | undefined): string {
  return epochMs === undefined ? '-' : new Date(epochMs).toISOString();
}
