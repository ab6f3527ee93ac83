import { contactDepth } from './contact-depth.js';
import type { FloatImage } from './float-image.js';

/**
 * How much nearer than the ground at its base a mover is put: it stands in front of what it hides (the ground's
 * depth at its feet ties it with the ground there, and above the horizon with everything far).
 */
export const MOVER_MARGIN = 0.1;

/**
 * Stage for a still camera's movers (`mask`): each column run of a mover takes the ground's depth at its lowest
 * row plus `MOVER_MARGIN`, never farther than what `fused` already had there.
 */
export function placeStillMovers({ mask, prior, fused, standing }: { mask: Uint8Array; prior: FloatImage; fused: FloatImage; standing: FloatImage }): void {
  standing.data.set(prior.data);
  contactDepth({ mask, prior, out: standing });
  const fd = fused.data;
  const sd = standing.data;
  for (let i = 0; i < fd.length; i++) if (mask[i]) fd[i] = Math.max(fd[i]!, Math.min(1, sd[i]! + MOVER_MARGIN));
}
