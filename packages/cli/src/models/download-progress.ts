/** Where progress goes: stderr in the CLI. */
export interface ProgressSink {
  write(text: string): void;
  /** A terminal gets one line redrawn in place; anything else a few plain lines. */
  isTTY: boolean;
}

const MB = 1_000_000;

function megabytes(bytes: number): string {
  return (bytes / MB).toFixed(1);
}

/**
 * A download's progress for a person: on a terminal one line redrawn at most every `redrawMs` (percent, MB, MB/s);
 * otherwise a plain line at each quarter (or each 100 MB when the size is unknown), so a log is not flooded.
 */
export function downloadProgress({ sink, label, redrawMs = 150, now = () => Date.now() }: { sink: ProgressSink; label: string; redrawMs?: number; now?: () => number }) {
  const started = now();
  let firstBytes: number | undefined;
  let lastDraw = 0;
  let lastStep = -1;
  let drawn = false;
  const line = (received: number, total: number | undefined) => {
    const seconds = Math.max((now() - started) / 1000, 0.001);
    const rate = (received - (firstBytes ?? 0)) / seconds;
    const amount = total ? `${Math.floor((received / total) * 100)}% ${megabytes(received)}/${megabytes(total)} MB` : `${megabytes(received)} MB`;
    return `${label}: ${amount} ${megabytes(rate)} MB/s`;
  };
  return {
    update(received: number, total: number | undefined): void {
      firstBytes ??= received;
      if (sink.isTTY) {
        const at = now();
        if (drawn && at - lastDraw < redrawMs && received !== total) return;
        lastDraw = at;
        drawn = true;
        sink.write(`\r\x1b[K${line(received, total)}`);
        return;
      }
      const step = total ? Math.floor((received / total) * 4) : Math.floor(received / (100 * MB));
      if (step === lastStep) return;
      lastStep = step;
      sink.write(`${line(received, total)}\n`);
    },
    /** Ends the redrawn line so what follows starts on a line of its own. */
    finish(): void {
      if (sink.isTTY && drawn) sink.write('\n');
      drawn = false;
    },
  };
}
