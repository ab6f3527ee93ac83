/**
 * Median of the first `count` values, reordering them in place (Hoare's quickselect: linear time, where a full sort
 * per block was a noticeable part of block matching). 0 for no values.
 */
export function medianInPlace(values: Float64Array, count: number): number {
  if (count === 0) return 0;
  const k = count >> 1;
  const upper = selectKth(values, count, k);
  if (count % 2) return upper;
  // Even count: the lower middle is the largest value left of k after the selection.
  let lower = -Infinity;
  for (let i = 0; i < k; i++) if (values[i]! > lower) lower = values[i]!;
  return 0.5 * (lower + upper);
}

/** Puts the k-th smallest of values[0, count) at index k (smaller ones before it) and returns it. */
function selectKth(values: Float64Array, count: number, k: number): number {
  let lo = 0;
  let hi = count - 1;
  while (hi > lo) {
    const pivot = values[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k]!;
}
