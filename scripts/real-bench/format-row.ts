import type { FootageSceneScores } from './score-footage-scene.ts';
import type { TruthSceneScores } from './score-truth-scene.ts';

export type SceneResult = { scene: string; truth: TruthSceneScores } | { scene: string; footage: FootageSceneScores };

export const TABLE_HEADER = [
  '| scene | ordinal (median) | worst | spearman | ramp baseline ordinal | estimator ms/frame | flicker | movers_ahead | blobs |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
];

/** One markdown table row; columns a scene has no value for are left empty. */
export function formatRow(result: SceneResult): string {
  const f = (v: number | null | undefined, digits = 3) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits));
  if ('truth' in result) {
    const t = result.truth;
    return `| ${result.scene} | ${f(t.ordinal)} | ${f(t.ordinalWorst)} | ${f(t.spearman)} | ${f(t.ramp.ordinal)} | ${f(t.msPerFrame, 2)} | | | |`;
  }
  const s = result.footage;
  return `| ${result.scene} | | | | | ${f(s.msPerFrame, 2)} | ${f(s.flicker, 4)} | ${f(s.moversAhead)} | ${s.moverBlobs} |`;
}

/** The same as one JSON line, for scripts. */
export function formatJson(result: SceneResult): string {
  // Five significant digits: flicker is a small number, times are large ones.
  return JSON.stringify(result, (_key, value: unknown) => (typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(5)) : value));
}
