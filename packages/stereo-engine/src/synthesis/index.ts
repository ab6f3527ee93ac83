export * from './allocate-frame.js';
export * from './dilate-depth.js';
export * from './disparity-from-depth.js';
export * from './float-map.js';
export * from './render-stereo-frame.js';
export * from './synthesize-views.js';
export * from './warp-plane.js';
export * from './row-disparity.js';
