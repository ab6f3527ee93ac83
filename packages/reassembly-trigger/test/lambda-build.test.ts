import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

test('npm run build makes dist/deploy.zip: one self-contained ESM bundle exporting handler', { timeout: 120_000 }, async () => {
  await promisify(execFile)(process.execPath, ['--import', 'tsx', join(packageDir, 'scripts', 'build.ts')], { cwd: packageDir });
  const zip = unzipSync(await readFile(join(packageDir, 'dist', 'deploy.zip')));
  assert.deepEqual(Object.keys(zip), ['index.mjs']);
  const bundle = Buffer.from(zip['index.mjs'] ?? new Uint8Array()).toString('utf8');
  assert.doesNotMatch(bundle, /from\s*["']@stereo-spot\//, 'workspace packages are bundled, not imported');
  assert.ok((await stat(join(packageDir, 'dist', 'index.mjs'))).size > 10_000);
  // The bundle loads on its own and exports the handler; a missing configuration fails at the first event.
  const loaded = (await import(pathToFileURL(join(packageDir, 'dist', 'index.mjs')).href)) as { handler?: unknown };
  assert.equal(typeof loaded.handler, 'function');
  await assert.rejects((loaded.handler as (event: unknown) => Promise<unknown>)({ Records: [] }), /STORAGE_ADAPTER=aws needs these environment variables: INPUT_BUCKET_NAME/);
});
