import { medianInPlace } from './median-in-place.js';

/**
 * The image motion of a camera that pans, tilts, zooms and rolls (no translation): a similarity about the image
 * centre, dx = tx + s·x − r·y, dy = ty + s·y + r·x (x, y from the centre, in working pixels; s and r small).
 * What translation adds on top of it is parallax.
 */
export interface CameraSimilarity {
  tx: number;
  ty: number;
  /** Zoom per frame (fraction). */
  s: number;
  /** Roll per frame (radians). */
  r: number;
}

/**
 * Robust least-squares fit of a `CameraSimilarity` to point motions (`x`, `y` from the image centre): a few
 * rounds of reweighting (Cauchy weights on the residual, scale from its median) so that moving objects and the
 * parallax of near things pull it little. `weights`: the measurements' confidence (0 = ignore). The identity
 * (all zero) when fewer than three points carry weight.
 */
export function fitCameraSimilarity({ x, y, dx, dy, weights, rounds = 4 }: {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  dx: ArrayLike<number>;
  dy: ArrayLike<number>;
  weights: ArrayLike<number>;
  rounds?: number;
}): CameraSimilarity {
  const n = x.length;
  const w = Float64Array.from({ length: n }, (_, i) => Math.max(0, weights[i]!));
  const residual = new Float64Array(n);
  const errors = new Float64Array(n);
  let model: CameraSimilarity = { tx: 0, ty: 0, s: 0, r: 0 };
  for (let round = 0; round < rounds; round++) {
    const fitted = solveSimilarity({ x, y, dx, dy, w, robust: round === 0 ? undefined : residual });
    if (!fitted) return model;
    model = fitted;
    let count = 0;
    for (let i = 0; i < n; i++) {
      residual[i] = Math.hypot(dx[i]! - (model.tx + model.s * x[i]! - model.r * y[i]!), dy[i]! - (model.ty + model.s * y[i]! + model.r * x[i]!));
      if (w[i]! > 0) errors[count++] = residual[i]!;
    }
    const scale = Math.max(0.02, 1.5 * (count > 0 ? medianInPlace(errors, count) : 0));
    for (let i = 0; i < n; i++) {
      const e = residual[i]! / scale;
      residual[i] = 1 / (1 + e * e);
    }
  }
  return model;
}

/** Weighted normal equations of the 4-parameter similarity, solved by Gaussian elimination; undefined if singular. */
function solveSimilarity({ x, y, dx, dy, w, robust }: { x: ArrayLike<number>; y: ArrayLike<number>; dx: ArrayLike<number>; dy: ArrayLike<number>; w: Float64Array; robust: Float64Array | undefined }): CameraSimilarity | undefined {
  // Unknowns (tx, ty, s, r). Rows: dx = tx + s·x − r·y and dy = ty + s·y + r·x; the sums of their outer products.
  let sw = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let su = 0;
  let sv = 0;
  let sxu = 0;
  let syv = 0;
  let syu = 0;
  let sxv = 0;
  let points = 0;
  for (let i = 0; i < x.length; i++) {
    const wi = w[i]! * (robust ? robust[i]! : 1);
    if (!(wi > 0)) continue;
    points++;
    const xi = x[i]!;
    const yi = y[i]!;
    const u = dx[i]!;
    const v = dy[i]!;
    sw += wi;
    sx += wi * xi;
    sy += wi * yi;
    sxx += wi * (xi * xi + yi * yi);
    su += wi * u;
    sv += wi * v;
    sxu += wi * xi * u;
    syv += wi * yi * v;
    syu += wi * yi * u;
    sxv += wi * xi * v;
  }
  if (points < 3) return undefined;
  // A little damping on zoom and roll: with points on a line they are not determined, and then should stay 0.
  const damping = 2e-4 * sw;
  const a = Float64Array.of(
    sw, 0, sx, -sy,
    0, sw, sy, sx,
    sx, sy, sxx + damping, 0,
    -sy, sx, 0, sxx + damping,
  );
  const b = Float64Array.of(su, sv, sxu + syv, sxv - syu);
  const solution = solve4({ a, b });
  if (!solution) return undefined;
  return { tx: solution[0]!, ty: solution[1]!, s: solution[2]!, r: solution[3]! };
}

function solve4({ a, b }: { a: Float64Array; b: Float64Array }): Float64Array | undefined {
  const m = a.slice();
  const v = b.slice();
  for (let col = 0; col < 4; col++) {
    let pivot = col;
    for (let row = col + 1; row < 4; row++) if (Math.abs(m[row * 4 + col]!) > Math.abs(m[pivot * 4 + col]!)) pivot = row;
    if (!(Math.abs(m[pivot * 4 + col]!) > 1e-12)) return undefined;
    if (pivot !== col) {
      for (let k = 0; k < 4; k++) [m[col * 4 + k], m[pivot * 4 + k]] = [m[pivot * 4 + k]!, m[col * 4 + k]!];
      [v[col], v[pivot]] = [v[pivot]!, v[col]!];
    }
    for (let row = col + 1; row < 4; row++) {
      const f = m[row * 4 + col]! / m[col * 4 + col]!;
      for (let k = col; k < 4; k++) m[row * 4 + k]! -= f * m[col * 4 + k]!;
      v[row]! -= f * v[col]!;
    }
  }
  for (let row = 3; row >= 0; row--) {
    let s = v[row]!;
    for (let k = row + 1; k < 4; k++) s -= m[row * 4 + k]! * v[k]!;
    v[row] = s / m[row * 4 + row]!;
  }
  return v;
}
