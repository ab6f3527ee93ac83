import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/build-app.js';

/**
 * The app synthesized once per test file (into a temporary folder), with cdk-nag's AwsSolutions checks:
 * `synth()` throws on any finding that has no written acknowledgement, so merely loading this module tests that.
 */
export function synthesizeApp(context: Record<string, unknown> = {}) {
  const built = buildApp({ appProps: { outdir: mkdtempSync(join(tmpdir(), 'stereo-spot-cdk-')), context } });
  const assembly = built.app.synth();
  return { ...built, assembly };
}
