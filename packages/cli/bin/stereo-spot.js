#!/usr/bin/env node
// Runs the compiled CLI (packages/cli/dist, made by `npm run build`; ./scripts/setup.sh, `npm start` and the
// integration tests build it) while no source it was built from has changed since. Otherwise it runs the
// TypeScript sources through tsx, compiled on the fly, with a one-line hint: about a second slower to start, never
// stale. STEREO_SPOT_FROM_SOURCE=1 runs the sources without the hint.
import { readFileSync, statSync } from 'node:fs';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

/** Why the build cannot be used, or undefined when it can. */
function buildUnusable() {
  let info;
  try {
    info = JSON.parse(readFileSync(`${DIST}build-info.json`, 'utf8'));
  } catch {
    return 'no compiled build';
  }
  // A few milliseconds: one stat per source file.
  for (const input of info.inputs) {
    const stat = statSync(DIST + input, { throwIfNoEntry: false });
    if (!stat || stat.mtimeMs > info.builtAt) return `compiled build older than ${input.replace(/^(\.\.\/)+/, '')}`;
  }
  return undefined;
}

const fromSource = process.env.STEREO_SPOT_FROM_SOURCE === '1';
const unusable = fromSource ? 'STEREO_SPOT_FROM_SOURCE=1' : buildUnusable();
if (unusable === undefined) {
  process.setSourceMapsEnabled(true); // stack traces name the TypeScript sources, as under tsx
  await import(new URL('../dist/main.js', import.meta.url).href);
} else {
  if (!fromSource) process.stderr.write(`stereo-spot: ${unusable}, running the TypeScript sources (slower start); \`npm run build\` compiles them\n`);
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
