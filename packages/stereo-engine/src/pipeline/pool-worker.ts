/**
 * The script every OrderedWorkerPool worker runs. It loads the task module named in `workerData.taskModule` and
 * answers each `{ id, input }` message with `{ id, ok: true, output, spare }` (the output's ArrayBuffers transferred, not
 * copied; `spare`: the input's buffers the output does not use, sent back so the caller can recycle them rather
 * than allocate new ones) or `{ id, ok: false, error }`. The task is the module's default export, or else its `process` export: a
 * function `(input) => output | Promise<output>`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { collectTransferables } from './collect-transferables.js';
import { DRAW_THREAD_NAME, nameThisThread } from './name-thread.js';

export interface PoolRequest {
  id: number;
  input: unknown;
}

export type PoolResponse =
  | { id: number; ok: true; output: unknown; spare: ArrayBuffer[] }
  | { id: number; ok: false; error: { name: string; message: string; stack?: string } };

export interface PoolWorkerData {
  /** `href` of the task module's URL. */
  taskModule: string;
}

type Task = (input: unknown) => unknown;

async function loadTask(href: string): Promise<Task> {
  const mod = (await import(href)) as { default?: unknown; process?: unknown };
  const task = typeof mod.default === 'function' ? mod.default : mod.process;
  if (typeof task !== 'function') throw new Error(`worker task module ${href} exports no function as default or \`process\``);
  return task as Task;
}

const port = parentPort;
if (!port) throw new Error('pool-worker.ts runs only as a worker thread');
nameThisThread(DRAW_THREAD_NAME);
const task = loadTask((workerData as PoolWorkerData).taskModule);
// A module that cannot load fails every task with the reason (below), not as an unhandled rejection here.
task.catch(() => {});

port.on('message', (request: PoolRequest) => {
  void (async () => {
    try {
      const output = await (await task)(request.input);
      const outputBuffers = collectTransferables(output);
      const spare = collectTransferables(request.input).filter((buffer) => buffer.byteLength > 0 && !outputBuffers.includes(buffer));
      try {
        port.postMessage({ id: request.id, ok: true, output, spare } satisfies PoolResponse, [...outputBuffers, ...spare]);
      } catch {
        // A buffer that cannot move (a slice of Node's shared Buffer pool): send a copy instead, and nothing spare.
        port.postMessage({ id: request.id, ok: true, output, spare: [] } satisfies PoolResponse);
      }
    } catch (error) {
      const { name, message, stack } = error instanceof Error ? error : new Error(String(error));
      port.postMessage({ id: request.id, ok: false, error: { name, message, stack } } satisfies PoolResponse);
    }
  })();
});
