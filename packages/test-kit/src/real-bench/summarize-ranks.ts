import type { RankScores } from './rank-scores.js';

export interface RankSummary {
  scored: number;
  /** Medians over the scored frames; null when no frame could be scored. */
  ordinal: number | null;
  ordinalWorst: number | null;
  spearman: number | null;
}

/** The per-frame scores of a scene in one line: medians, and the worst frame's ordinal. */
export function summarizeRanks(frames: RankScores[]): RankSummary {
  const ordinals = frames.map((f) => f.ordinal).filter((v): v is number => v !== null);
  const rhos = frames.map((f) => f.spearman).filter((v): v is number => v !== null);
  return {
    scored: ordinals.length,
    ordinal: median(ordinals),
    ordinalWorst: ordinals.length > 0 ? Math.min(...ordinals) : null,
    spearman: median(rhos),
  };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
