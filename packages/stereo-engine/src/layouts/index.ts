export * from './anaglyph.js';
export * from './compose-layout.js';
export * from './layout-size.js';
export * from './place-eye.js';
