/**
 * Time left converting, from the pace so far: `convertingMs` took the job to `fractionDone` (0…1, see
 * `jobProgress`). The CLI's progress line and the web job page both show it. Undefined until something is
 * done, or when nothing is left.
 */
export function estimateRemainingMs({ fractionDone, convertingMs }: { fractionDone: number | undefined; convertingMs: number }): number | undefined {
  if (fractionDone === undefined || !(fractionDone > 0) || fractionDone >= 1) return undefined;
  return (convertingMs / fractionDone) * (1 - fractionDone);
}
