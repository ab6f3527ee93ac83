import { join } from 'node:path';
import { combinedDestination, createLogger, fileLogDestination, type Logger } from '@stereo-spot/shared-types';
import { terminalLogStream } from './terminal-log-stream.js';

/**
 * The logger of `serve`. On a terminal with the embedded backend (`npm start`), the JSON lines go to
 * `<data-dir>/logs/stereo-spot.log` and the terminal gets one readable line per job event; elsewhere (a
 * container, a pipe, a test) JSON goes to stdout, where log collectors read it.
 */
export function serveLogger({ dataDir, embedded, interactive = process.stdout.isTTY === true }: { dataDir: string; embedded: boolean; interactive?: boolean }): { logger: Logger; logFile?: string } {
  if (!embedded || !interactive) return { logger: createLogger({ name: 'stereo-spot-serve' }) };
  const logFile = join(dataDir, 'logs', 'stereo-spot.log');
  const destination = combinedDestination([fileLogDestination(logFile) as unknown as NodeJS.WritableStream, terminalLogStream()]);
  return { logger: createLogger({ name: 'stereo-spot-serve', destination }), logFile };
}
