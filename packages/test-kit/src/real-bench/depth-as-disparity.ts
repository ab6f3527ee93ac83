/** The converter's default divergence: the nearest depth (1) is shifted by 3 % of the frame's width between the eyes. */
export const DIVERGENCE = 0.03;

/**
 * A depth map (0..1, 1 = nearest) as the disparity in pixels the converter would give it at `DIVERGENCE`: the scores'
 * tie rule (|Δ| < 0.25 px) then means what it means on a measured output.
 */
export function depthAsDisparity({ depth, width }: { depth: Float32Array; width: number }): Float32Array {
  const scale = DIVERGENCE * width;
  const out = new Float32Array(depth.length);
  for (let i = 0; i < depth.length; i++) out[i] = depth[i]! * scale;
  return out;
}
