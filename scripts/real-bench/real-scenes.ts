import type { CameraMove } from './make-camera-move-scene.ts';

/** How each scene with truth is made from Aloe (see bench-real.ts's header for what they are). */
export type TruthSceneRecipe =
  | { kind: 'still'; frames: number }
  | { kind: 'dof'; frames: number; blur: number; focus: number }
  | { kind: 'move'; frames: number; move: CameraMove };

export const TRUTH_SCENES: Record<string, TruthSceneRecipe> = {
  'aloe-still': { kind: 'still', frames: 24 },
  'aloe-dof': { kind: 'dof', frames: 24, blur: 6, focus: 95 },
  'aloe-pan-right': { kind: 'move', frames: 48, move: { baseline: { x: 1, y: 0 } } },
  'aloe-pan-left': { kind: 'move', frames: 48, move: { baseline: { x: -0.7, y: 0 } } },
  'aloe-tilt': { kind: 'move', frames: 48, move: { baseline: { x: 0, y: 0.7 } } },
  'aloe-pan-zoom': { kind: 'move', frames: 48, move: { baseline: { x: 0.8, y: 0 }, zoom: 0.04, rollDegrees: 1 } },
};

/** Footage without truth: scored for steadiness and movers. */
export const FOOTAGE_SCENES = ['vtest'] as const;

export const ALL_SCENES = [...Object.keys(TRUTH_SCENES), ...FOOTAGE_SCENES];
