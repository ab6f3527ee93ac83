import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Environment } from 'aws-cdk-lib';
import { buildApp } from '../src/build-app.js';

/**
 * The app synthesized once per test file (into a temporary folder), with cdk-nag's AwsSolutions checks:
 * environment-agnostic by default, or in one region as `cdk synth` with credentials does. `synth()` throws on any finding that has no written acknowledgement, so merely loading this module tests that.
 */
export function synthesizeApp({ context = {}, env = {} }: { context?: Record<string, unknown>; env?: Environment } = {}) {
  const built = buildApp({ appProps: { outdir: mkdtempSync(join(tmpdir(), 'stereo-spot-cdk-')), context }, env });
  const assembly = built.app.synth();
  return { ...built, assembly };
}
