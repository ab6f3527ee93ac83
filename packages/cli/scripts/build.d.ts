/** Types of build.js for the TypeScript that imports it (the benchmarks). */
export function build(options?: { quiet?: boolean; main?: string; out?: string }): Promise<void>;
