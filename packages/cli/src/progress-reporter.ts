import { estimateRemainingMs } from '@stereo-spot/shared-types';
export type ConvertPhase = 'uploading' | 'chunking' | 'converting' | 'reassembling' | 'copying';

export interface ProgressSnapshot {
  phase: ConvertPhase;
  segmentsDone: number;
  totalSegments?: number;
  /** How far the job is, 0…1 (`jobProgress`: frames converted), when known. */
  progress?: number;
  elapsedMs: number;
  /** Time spent converting so far, for the ETA. */
  convertingMs: number;
}

function clock(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(h > 0 ? 2 : 1, '0');
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** The share of the job done: what the workers report, else the segments. */
function fractionOf({ progress, segmentsDone, totalSegments }: ProgressSnapshot): number | undefined {
  return progress ?? (totalSegments ? segmentsDone / totalSegments : undefined);
}

/** One line: `converting [#####-----]  27%  1/4 segments  elapsed 0:12  eta 0:20`. */
export function formatProgress(snapshot: ProgressSnapshot, { barWidth = 20 }: { barWidth?: number } = {}): string {
  const { phase, segmentsDone, totalSegments, elapsedMs } = snapshot;
  const parts: string[] = [phase.padEnd(12)];
  const fraction = fractionOf(snapshot);
  if (fraction !== undefined) {
    const filled = Math.round(fraction * barWidth);
    parts.push(`[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%`);
  }
  if (totalSegments) parts.push(`${segmentsDone}/${totalSegments} segments`);
  parts.push(`elapsed ${clock(elapsedMs)}`);
  const remaining = phase === 'converting' ? estimateRemainingMs({ fractionDone: fraction, convertingMs: snapshot.convertingMs }) : undefined;
  if (remaining !== undefined) parts.push(`eta ${clock(remaining)}`);
  return parts.join('  ');
}

/** Redraws one line on a terminal; prints a plain line per change otherwise (logs, CI). */
export class ProgressReporter {
  private last = '';
  private lastPlain = '';

  constructor(private readonly stream: NodeJS.WriteStream & { isTTY?: boolean } = process.stderr) {}

  update(snapshot: ProgressSnapshot): void {
    if (this.stream.isTTY) {
      const line = formatProgress(snapshot);
      if (line === this.last) return;
      this.last = line;
      this.stream.write(`\r\x1b[2K${line}`);
      return;
    }
    // Without a terminal, a line only when the phase, the segments or the tenth of the progress changed.
    const tenth = Math.floor((fractionOf(snapshot) ?? 0) * 10);
    const key = `${snapshot.phase} ${snapshot.segmentsDone}/${snapshot.totalSegments ?? '?'} ${tenth}`;
    if (key === this.lastPlain) return;
    this.lastPlain = key;
    this.stream.write(`${formatProgress(snapshot)}\n`);
  }

  /** Ends the redrawn line so later output starts on a fresh one. */
  finish(): void {
    if (this.stream.isTTY && this.last) this.stream.write('\n');
    this.last = '';
  }
}
