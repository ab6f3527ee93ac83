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
  let model: CameraSimilarity = { tx: 0, ty: 0, s: 0, r: 0 };
  for (let round = 0; round < rounds; round++) {
    const fitted = solveSimilarity({ x, y, dx, dy, w, robust: round === 0 ? undefined : residual });
    if (!fitted) return model;
    model = fitted;
    const errors: number[] = [];
    for (let i = 0; i < n; i++) {
      residual[i] = Math.hypot(dx[i]! - (model.tx + model.s * x[i]! - model.r * y[i]!), dy[i]! - (model.ty + model.s * y[i]! + model.r * x[i]!));
      if (w[i]! > 0) errors.push(residual[i]!);
    }
    errors.sort((p, q) => p - q);
    const scale = Math.max(0.02, 1.5 * (errors[errors.length >> 1] ?? 0));
    for (let i = 0; i < n; i++) {
      const e = residual[i]! / scale;
      residual[i] = 1 / (1 + e * e);
    }
  }
  return model;
}

/** Weighted normal equations of the 4-parameter similarity, solved by Gaussian elimination; undefined if singular. */
function solveSimilarity({ x, y, dx, dy, w, robust }: { x: ArrayLike<number>; y: ArrayLike<number>; dx: ArrayLike<number>; dy: ArrayLike<number>; w: Float64Array; robust: Float64Array | undefined }): CameraSimilarity | undefined {
  // Unknowns (tx, ty, s, r). Rows: dx = tx + s·x − r·y and dy = ty + s·y + r·x.
  const a = new Float64Array(16);
  const b = new Float64Array(4);
  let points = 0;
  for (let i = 0; i < x.length; i++) {
    const wi = w[i]! * (robust ? robust[i]! : 1);
    if (!(wi > 0)) continue;
    points++;
    const xi = x[i]!;
    const yi = y[i]!;
    const rows: [number[], number][] = [[[1, 0, xi, -yi], dx[i]!], [[0, 1, yi, xi], dy[i]!]];
    for (const [row, value] of rows) {
      for (let p = 0; p < 4; p++) {
        b[p]! += wi * row[p]! * value;
        for (let q = 0; q < 4; q++) a[p * 4 + q]! += wi * row[p]! * row[q]!;
      }
    }
  }
  if (points < 3) return undefined;
  // A little damping on zoom and roll: with points on a line they are not determined, and then should stay 0.
  const trace = a[0]! + a[5]!;
  a[10]! += 1e-6 * trace * 100;
  a[15]! += 1e-6 * trace * 100;
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
