export * from './anaglyph.js';
export * from './compose-layout.js';
export * from './layout-size.js';
export * from './place-eye.js';
export * from './eye-regions.js';
export * from './render-plan.js';
