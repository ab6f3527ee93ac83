/**
 * Time left converting, from the pace of the segments done so far (the CLI's progress line and the web job page
 * both show it). Undefined until a segment is done, or when nothing is left.
 */
export function estimateRemainingMs({ segmentsDone, totalSegments, convertingMs }: { segmentsDone: number; totalSegments?: number | undefined; convertingMs: number }): number | undefined {
  if (!totalSegments || segmentsDone === 0 || segmentsDone >= totalSegments) return undefined;
  return (convertingMs / segmentsDone) * (totalSegments - segmentsDone);
}
