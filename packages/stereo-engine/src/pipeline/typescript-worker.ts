import { Worker } from 'node:worker_threads';
import type { WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on a module: a JavaScript file as it is (the CLI's compiled bundle names its worker
 * scripts as .js files beside it, see packages/cli/scripts/build.js), a TypeScript one through tsx. Loader hooks do
 * not reach worker threads on Node 20: neither the ones `register()` installed in this thread (the CLI's bin script
 * when it runs the sources) nor `--import tsx` in the worker's execArgv (tried: ".ts" stays an unknown file
 * extension). So for TypeScript the worker registers tsx itself, from a small bootstrap, before importing the
 * module. tsx is resolved from here, so it works whatever the working directory.
 */
export function startTypeScriptWorker(script: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  if (!/\.[cm]?ts$/.test(script.pathname)) return new Worker(script, options);
  const target = JSON.stringify(script.href);
  const tsxApi = resolveTsxApi();
  const code = tsxApi
    ? `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${target}); });`
    : `import(${target});`; // no tsx installed: a Node that runs TypeScript itself
  return new Worker(code, { ...options, eval: true });
}

function resolveTsxApi(): string | undefined {
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    return undefined;
  }
}
