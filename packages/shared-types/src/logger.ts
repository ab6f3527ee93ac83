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

/** A file destination that flushes synchronously, so the last lines survive a crash. */
export function fileLogDestination(path: string): DestinationStream {
  return pino.destination({ dest: path, sync: true, mkdir: true });
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
