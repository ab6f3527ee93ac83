/** "Lower row = nearer": depth 0 on the top row to 1 on the bottom one — the prior a converter falls back on. */
export function rampDepth({ width, height }: { width: number; height: number }): Float32Array {
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) out.fill(height > 1 ? y / (height - 1) : 0, y * width, (y + 1) * width);
  return out;
}
