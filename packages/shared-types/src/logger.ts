import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

/**
 * One structured JSON logger for every package. Callers add `job_id`, `segment_index` and `stage` with
 * `logger.child({...})` so every line about a job carries them.
 */
export function createLogger({
  name,
  level = process.env.LOG_LEVEL ?? 'info',
  destination,
}: {
  name: string;
  level?: string;
  destination?: DestinationStream;
}): Logger {
  const options = { name, level, base: { service: name }, timestamp: pino.stdTimeFunctions.isoTime };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * A child logger with the `fields` the logger does not carry yet; those it has keep their value. pino would
 * repeat a bound key on every line (`"job_id":…,"job_id":…`), which log tools read as one value or the other.
 */
export function withLogFields(logger: Logger, fields: Record<string, unknown>): Logger {
  const bound = logger.bindings();
  const missing = Object.fromEntries(Object.entries(fields).filter(([key]) => !(key in bound)));
  return Object.keys(missing).length === 0 ? logger : logger.child(missing);
}

/** A file destination that flushes synchronously, so the last lines survive a crash. */
export function fileLogDestination(path: string): DestinationStream {
  return pino.destination({ dest: path, sync: true, mkdir: true });
}

/** One destination writing every line to each of `streams` (a log file and a terminal view, say). */
export function combinedDestination(streams: readonly NodeJS.WritableStream[]): DestinationStream {
  return pino.multistream(streams.map((stream) => ({ stream })));
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
