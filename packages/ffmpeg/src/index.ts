export * from './abort-error.js';
export * from './count-frames.js';
export * from './ffmpeg-error.js';
export * from './ffmpeg-paths.js';
export * from './find-video-stream.js';
export * from './probe-media.js';
export * from './run-ffmpeg.js';
export * from './stderr-collector.js';
