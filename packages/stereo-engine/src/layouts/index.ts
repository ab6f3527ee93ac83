export * from './anaglyph.js';
export * from './compose-layout.js';
export * from './layout-size.js';
export * from './place-eye.js';
export * from './eye-layout.js';
export * from './squeeze-frame.js';
export * from './render-plan.js';
