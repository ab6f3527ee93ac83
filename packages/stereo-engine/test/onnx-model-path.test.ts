import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { UsageError } from '@stereo-spot/shared-types';
import { DEPTH_MODEL_ENV, resolveModelPath } from '../src/depth/onnx/resolve-model-path.js';

describe('resolveModelPath', () => {
  let dir: string;
  let flagModel: string;
  let envModel: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onnx-model-path-'));
    flagModel = join(dir, 'flag.onnx');
    envModel = join(dir, 'env.onnx');
    await writeFile(flagModel, 'x');
    await writeFile(envModel, 'x');
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prefers the --model option over the environment', () => {
    assert.equal(resolveModelPath({ option: flagModel, env: { [DEPTH_MODEL_ENV]: envModel } }), flagModel);
  });

  it('falls back to STEREO_DEPTH_MODEL, and treats a blank option as unset', () => {
    assert.equal(resolveModelPath({ env: { STEREO_DEPTH_MODEL: envModel } }), envModel);
    assert.equal(resolveModelPath({ option: '  ', env: { STEREO_DEPTH_MODEL: envModel } }), envModel);
  });

  it('returns an absolute path for a relative one', () => {
    assert.equal(resolveModelPath({ option: relative(process.cwd(), flagModel), env: {} }), flagModel);
  });

  it('throws a UsageError naming both ways when neither is set', () => {
    assert.throws(() => resolveModelPath({ env: {} }), (error: unknown) => error instanceof UsageError && /--model/.test(error.message) && /STEREO_DEPTH_MODEL/.test(error.message));
  });

  it('throws a UsageError naming the missing file and where it came from', () => {
    const missing = join(dir, 'missing.onnx');
    assert.throws(() => resolveModelPath({ option: missing, env: {} }), (error: unknown) => error instanceof UsageError && error.message.includes(missing) && error.message.includes('--model'));
    assert.throws(() => resolveModelPath({ env: { STEREO_DEPTH_MODEL: missing } }), (error: unknown) => error instanceof UsageError && error.message.includes('STEREO_DEPTH_MODEL'));
  });

  it('rejects a directory', () => {
    assert.throws(() => resolveModelPath({ option: dir, env: {} }), (error: unknown) => error instanceof UsageError && /not a file/.test(error.message));
  });
});
