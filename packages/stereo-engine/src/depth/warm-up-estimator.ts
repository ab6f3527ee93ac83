import type { DepthEstimator } from '../depth-estimator.js';
import type { Plane } from '../frame.js';
import { decodeFrames } from '../pipeline/decode-frames.js';
import type { VideoInfo } from '../pipeline/probe-video.js';

const DEFAULT_WARM_UP_FRAMES = 4;

/**
 * Feeds an estimator that wants it (`warmUp`) the first frames of the video before the conversion starts: a short
 * separate decode (the conversion's own decode cannot look ahead — its frames move to the workers as soon as
 * their depth is known). Does nothing for estimators without `warmUp`.
 */
export async function warmUpEstimator({ estimator, video, signal }: { estimator: DepthEstimator; video: VideoInfo; signal?: AbortSignal }): Promise<void> {
  if (!estimator.warmUp) return;
  const wanted = estimator.warmUpFrames ?? DEFAULT_WARM_UP_FRAMES;
  const lumas: Plane[] = [];
  // Leaving the loop early stops the decoder (the generator's cleanup kills ffmpeg).
  for await (const { frame } of decodeFrames({ path: video.path, format: 'yuv420p', video, signal })) {
    lumas.push(frame.planes[0]);
    if (lumas.length >= wanted) break;
  }
  await estimator.warmUp({ lumas });
}
