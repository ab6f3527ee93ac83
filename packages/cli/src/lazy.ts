/**
 * An async function whose module is imported at its first call, not when the CLI starts: `stereo-spot --help`
 * and the commands that do not need them load no backend, web server or depth model runtime (the compiled build,
 * packages/cli/scripts/build.js, puts each such module in a chunk of its own).
 */
export function lazy<A extends unknown[], R>(load: () => Promise<(...args: A) => Promise<R>>): (...args: A) => Promise<R> {
  return async (...args) => (await load())(...args);
}
