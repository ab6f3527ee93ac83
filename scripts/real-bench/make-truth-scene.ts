import type { PictureWithTruth } from './load-aloe-truth.ts';
import { makeCameraMoveScene } from './make-camera-move-scene.ts';
import { makeDofScene } from './make-dof-scene.ts';
import { makeStillScene } from './make-still-scene.ts';
import type { TruthSceneRecipe } from './real-scenes.ts';
import type { TruthScene } from './truth-scene.ts';

export function makeTruthScene({ aloe, recipe }: { aloe: PictureWithTruth; recipe: TruthSceneRecipe }): TruthScene {
  switch (recipe.kind) {
    case 'still':
      return makeStillScene({ aloe, frames: recipe.frames });
    case 'dof':
      return makeDofScene({ aloe, frames: recipe.frames, blur: recipe.blur, focus: recipe.focus });
    case 'move':
      return makeCameraMoveScene({ aloe, frames: recipe.frames, move: recipe.move });
  }
}
