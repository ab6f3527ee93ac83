/** Weighted Pearson correlation of `a` and `b` (0 when either is constant or no weight remains). */
export function weightedCorrelation({ a, b, w }: { a: ArrayLike<number>; b: ArrayLike<number>; w: ArrayLike<number> }): number {
  let sw = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < a.length; i++) {
    sw += w[i]!;
    sa += w[i]! * a[i]!;
    sb += w[i]! * b[i]!;
  }
  if (!(sw > 0)) return 0;
  const ma = sa / sw;
  const mb = sb / sw;
  let cab = 0;
  let caa = 0;
  let cbb = 0;
  for (let i = 0; i < a.length; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    cab += w[i]! * da * db;
    caa += w[i]! * da * da;
    cbb += w[i]! * db * db;
  }
  return caa > 0 && cbb > 0 ? cab / Math.sqrt(caa * cbb) : 0;
}
