const HEAD_BYTES = 8 * 1024;
const TAIL_BYTES = 4 * 1024;

/**
 * Keeps what a person needs from a tool's stderr without holding all of it: a decoder can print a line per
 * broken packet for hours. The head gives the first (usually causal) error, the tail what happened last.
 */
export class StderrCollector {
  private head = '';
  private tailText = '';

  push(chunk: string): void {
    if (this.head.length < HEAD_BYTES) this.head += chunk.slice(0, HEAD_BYTES - this.head.length);
    this.tailText = (this.tailText + chunk).slice(-TAIL_BYTES);
  }

  get tail(): string {
    return this.tailText;
  }

  /** The first line that says something, without the `[demuxer @ 0x…]` prefix or a leading `<path>: `. */
  firstMeaningfulLine(args: readonly string[]): string | undefined {
    for (const raw of this.head.split(/\r?\n|\r/)) {
      const line = cleanLine(raw, args);
      if (line && !NOISE.some((pattern) => pattern.test(line))) return line.length > 300 ? `${line.slice(0, 297)}...` : line;
    }
    return undefined;
  }
}

const NOISE = [/^Last message repeated/i, /^Conversion failed!?$/i];

function cleanLine(raw: string, args: readonly string[]): string {
  let line = raw.trim();
  // "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55d0c1a2b740] moov atom not found"
  for (;;) {
    const prefix = /^\[[^\]]* @ (?:0x)?[0-9a-f]+\]\s*/i.exec(line);
    if (!prefix) break;
    line = line.slice(prefix[0].length);
  }
  // "/tmp/x/source.mp4: Invalid data found when processing input": the path is noise for the reader.
  for (const arg of args) {
    if (arg.length > 1 && line.startsWith(`${arg}: `)) {
      line = line.slice(arg.length + 2);
      break;
    }
  }
  return line.trim();
}
