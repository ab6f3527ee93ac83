/**
 * `npm run build`: bundles the Lambda (src/lambda-entry.ts with shared-types, aws-adapters and the AWS SDK) into
 * one ESM file for the Node.js 22 runtime, and zips it as dist/deploy.zip with the handler `index.handler`.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { zipSync } from 'fflate';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const distDir = join(packageDir, 'dist');
const bundlePath = join(distDir, 'index.mjs');

await rm(distDir, { recursive: true, force: true });
await mkdir(distDir, { recursive: true });
await build({
  entryPoints: [join(packageDir, 'src', 'lambda-entry.ts')],
  outfile: bundlePath,
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  // Some dependencies still call require(): give the ESM bundle one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
const zip = zipSync({ 'index.mjs': [await readFile(bundlePath), { level: 9 }] }, { mtime: new Date('2026-01-01T00:00:00Z') });
await writeFile(join(distDir, 'deploy.zip'), zip);
console.log(`built ${join('dist', 'deploy.zip')} (${Math.round(zip.length / 1024)} KiB)`);
