import * as ort from 'onnxruntime-node';
import { errorMessage, UsageError } from '@stereo-spot/shared-types';
import { depthOutputSize } from './read-depth-output.js';
import type { OnnxExecutionProvider } from './onnx-estimator-options.js';
import { assertModelFile } from './resolve-model-path.js';

export interface DepthSession {
  session: ort.InferenceSession;
  inputName: string;
  outputName: string;
  /** The input's spatial dims when the model fixes them, null where they are symbolic (any size). */
  fixedInput: { width: number | null; height: number | null };
}

const fixedDim = (dim: number | string | undefined): number | null => (typeof dim === 'number' && dim > 0 ? dim : null);

/**
 * Loads the model and checks that it looks like a depth model (NCHW float32 RGB in, one map out), so a wrong
 * file fails at start-up with a UsageError naming it rather than on the first frame with a runtime trace.
 */
export async function openDepthSession({ modelPath, executionProvider, threads }: {
  modelPath: string;
  executionProvider: OnnxExecutionProvider;
  threads: number | undefined;
}): Promise<DepthSession> {
  assertModelFile({ path: modelPath });
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(modelPath, {
      executionProviders: [executionProvider],
      ...(threads !== undefined ? { intraOpNumThreads: threads } : {}),
    });
  } catch (error) {
    // The provider is appended before the model is parsed, so a CUDA failure here is about CUDA, not the file.
    if (executionProvider === 'cuda' && /cuda|providers_shared|execution provider/i.test(errorMessage(error))) {
      throw new UsageError(
        `The CUDA execution provider is not available (${errorMessage(error)}). onnxruntime-node's npm package bundles only the CPU provider (its CUDA libraries come from an install script this project does not run) and CUDA needs an NVIDIA GPU and driver; use executionProvider 'cpu'.`,
        { cause: error },
      );
    }
    throw new UsageError(`Could not load depth model ${modelPath}: not a valid ONNX model or unsupported by ONNX Runtime (${errorMessage(error)})`, { cause: error });
  }
  try {
    return describe({ session, modelPath });
  } catch (error) {
    await session.release();
    throw error;
  }
}

function describe({ session, modelPath }: { session: ort.InferenceSession; modelPath: string }): DepthSession {
  const inputName = session.inputNames[0];
  const outputName = session.outputNames[0];
  if (inputName === undefined || outputName === undefined) throw new UsageError(`Depth model ${modelPath} has no input or no output`);
  const input = session.inputMetadata[0];
  const output = session.outputMetadata[0];
  let fixedInput: DepthSession['fixedInput'] = { width: null, height: null };
  if (input?.isTensor) {
    if (input.type !== 'float32') throw new UsageError(`Depth model ${modelPath} takes ${input.type} input '${inputName}'; only float32 models are supported`);
    const shape = input.shape;
    if (shape.length > 0) {
      const channels = shape[1];
      if (shape.length !== 4 || (typeof channels === 'number' && channels !== 3)) {
        throw new UsageError(`Depth model ${modelPath} input '${inputName}' has shape [${shape.join(', ')}]; expected NCHW [1, 3, H, W]`);
      }
      fixedInput = { width: fixedDim(shape[3]), height: fixedDim(shape[2]) };
    }
  }
  // A declared output shape is checked now; an undeclared one is checked on the first frame.
  if (output?.isTensor && output.shape.length > 0) depthOutputSize({ dims: output.shape, name: outputName });
  return { session, inputName, outputName, fixedInput };
}
