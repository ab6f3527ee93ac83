export * from './extract-kept-streams.js';
export * from './join-segments.js';
export * from './probe-source.js';
export * from './split-video.js';
export * from './cut-preview.js';
