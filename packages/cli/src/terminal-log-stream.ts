import { Writable } from 'node:stream';

/** The job events a person at `npm start` wants to see, in their words; every other line goes to the log file only. */
const EVENT_TEXT: Readonly<Record<string, string>> = {
  'job created': 'job created',
  'object uploaded': 'video uploaded',
  'chunking complete': 'cut into segments',
  'segment converted': 'segment converted',
  'job completed': 'completed',
  'job failed': 'failed',
  'job cancelled': 'cancelled',
  'job deleted': 'deleted',
  'job cancelled; conversion stopped': 'conversion stopped (cancelled)',
};

interface LogLine {
  level?: number;
  time?: string;
  msg?: string;
  job_id?: string;
  segment_index?: number;
  total_segments?: number;
  reason?: string;
  err?: string | { message?: string };
}

const WARN = 40;

/**
 * `serve` on a terminal: one readable line per job event (`12:04:31  job 610c989b  segment 2/5 converted`), and
 * warnings and errors in one line each; the JSON lines themselves go to the log file.
 */
export function formatTerminalLine(json: string): string | undefined {
  let line: LogLine;
  try {
    line = JSON.parse(json) as LogLine;
  } catch {
    return undefined;
  }
  const text = line.msg === undefined ? undefined : EVENT_TEXT[line.msg];
  const isProblem = (line.level ?? 0) >= WARN;
  if (text === undefined && !isProblem) return undefined;
  const time = line.time ? new Date(line.time).toISOString().slice(11, 19) : '';
  const job = line.job_id ? `job ${line.job_id.slice(0, 8)}  ` : '';
  const segment = line.msg === 'segment converted' && line.segment_index !== undefined ? `segment ${line.segment_index + 1}${line.total_segments ? `/${line.total_segments}` : ''} converted` : undefined;
  const reason = line.reason ?? (typeof line.err === 'object' ? line.err.message : line.err);
  const words = segment ?? text ?? `${(line.level ?? 0) >= 50 ? 'error' : 'warning'}: ${line.msg ?? ''}`;
  return `${time}  ${job}${words}${reason ? `: ${reason}` : ''}\n`;
}

/** A pino destination that writes `formatTerminalLine` of each line to `out`. */
export function terminalLogStream(out: NodeJS.WritableStream = process.stderr): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const json of chunk.toString('utf8').split('\n')) {
        const text = json ? formatTerminalLine(json) : undefined;
        if (text) out.write(text);
      }
      done();
    },
  });
}
