import type { MediaProbe, MediaStream } from './probe-media.js';

/** The first video stream that is the movie itself, not a cover picture stored as a video stream. */
export function findVideoStream(probe: MediaProbe): MediaStream | undefined {
  return probe.streams.find((stream) => stream.codecType === 'video' && !stream.attachedPic);
}
