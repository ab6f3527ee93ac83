/**
 * Weighted median of `values` (entries with weight ≤ 0 ignored); NaN when no weight remains. Robust centre of
 * a set of noisy measurements, e.g. block motions where independently moving objects are outliers.
 */
export function weightedMedian({ values, weights }: { values: ArrayLike<number>; weights: ArrayLike<number> }): number {
  const order: number[] = [];
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const w = weights[i]!;
    if (w > 0 && Number.isFinite(values[i]!)) {
      order.push(i);
      total += w;
    }
  }
  if (total <= 0) return NaN;
  order.sort((a, b) => values[a]! - values[b]!);
  let acc = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    acc += weights[i]!;
    if (acc >= total / 2) {
      // Exactly on the half-way mark: average with the next value, as an unweighted median does.
      if (acc === total / 2 && k + 1 < order.length) return 0.5 * (values[i]! + values[order[k + 1]!]!);
      return values[i]!;
    }
  }
  return values[order[order.length - 1]!]!;
}
