#!/usr/bin/env node
// Runs the CLI compiled to JavaScript in packages/cli/dist (`npm run build`; ./scripts/setup.sh and the
// integration tests build first). A build that is missing or older than a file it was built from is made again
// here first (about a second, silent), so what runs is never stale. Where that fails (a source that does not
// compile, a read-only install) the TypeScript sources run through tsx, after a one-line reason on stderr.
// STEREO_SPOT_FROM_SOURCE=1 runs the sources through tsx, without building.
import { readFileSync, statSync } from 'node:fs';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

/** Why the build cannot be used as it is, or undefined when it can. */
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

async function rebuild() {
  try {
    const { build } = await import('../scripts/build.js');
    await build({ quiet: true });
    return buildUnusable();
  } catch (error) {
    const first = error?.errors?.[0]; // esbuild's: where and what
    const what = first ? `${first.location ? `${first.location.file}:${first.location.line}: ` : ''}${first.text}` : String(error?.message ?? error).split('\n')[0];
    return `could not compile (${what})`;
  }
}

let fromSource = process.env.STEREO_SPOT_FROM_SOURCE === '1';
if (!fromSource && buildUnusable() !== undefined) {
  const reason = await rebuild();
  if (reason !== undefined) {
    process.stderr.write(`stereo-spot: ${reason}; running the TypeScript sources (slower start)\n`);
    fromSource = true;
  }
}
if (fromSource) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
} else {
  process.setSourceMapsEnabled(true); // stack traces name the TypeScript sources, as under tsx
  await import(new URL('../dist/main.js', import.meta.url).href);
}
