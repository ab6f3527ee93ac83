/**
 * Percentiles of the finite values, interpolated linearly between ranks as numpy's `nanpercentile` does; NaN when
 * there are none. Selection instead of a sort: the footage's disparity stack has tens of millions of values.
 */
export function nanPercentiles({ values, percents }: { values: ArrayLike<number>; percents: number[] }): number[] {
  const finite = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) finite[n++] = v;
  }
  const a = finite.subarray(0, n);
  return percents.map((p) => {
    if (n === 0) return Number.NaN;
    const rank = (p / 100) * (n - 1);
    const lo = Math.floor(rank);
    const low = select(a, lo);
    if (lo + 1 >= n || rank === lo) return low;
    // After selecting rank lo, the next rank is the smallest value to its right.
    let high = Infinity;
    for (let i = lo + 1; i < n; i++) if (a[i]! < high) high = a[i]!;
    return low + (rank - lo) * (high - low);
  });
}

export function nanPercentile({ values, percent }: { values: ArrayLike<number>; percent: number }): number {
  return nanPercentiles({ values, percents: [percent] })[0]!;
}

/** The median of the finite values (numpy's `nanmedian`). */
export function nanMedian(values: ArrayLike<number>): number {
  return nanPercentile({ values, percent: 50 });
}

/** Quickselect (Hoare partition, middle pivot): puts the k-th smallest at k, smaller ones left of it, larger right. */
function select(a: Float64Array, k: number): number {
  let left = 0;
  let right = a.length - 1;
  while (left < right) {
    const pivot = a[(left + right) >> 1]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return a[k]!;
}
