import { Argument, type Command } from 'commander';
import { CATALOGUE_MODEL_NAMES, RECOMMENDED_CATALOGUE_MODEL } from '@stereo-spot/shared-types';
import { lazy } from '../lazy.js';
import { processModelsContext, type ModelsContext } from './models-context.js';

// Loaded when their command runs (see lazy.ts).
const fetchModel = lazy(async () => (await import('./fetch-model.js')).fetchModel);
const listModels = lazy(async () => (await import('./list-models.js')).listModels);
const modelPath = lazy(async () => (await import('./model-path.js')).modelPath);
const removeModel = lazy(async () => (await import('./remove-model.js')).removeModel);
const verifyModels = lazy(async () => (await import('./verify-models.js')).verifyModels);

const CACHE_HELP = `
Cache folder: $STEREO_SPOT_MODEL_DIR, else $XDG_CACHE_HOME/stereo-spot/models, else ~/.cache/stereo-spot/models.
Exit status: 0 done, 1 failed (download, checksum, not cached), 2 bad usage or refused.`;

/**
 * `stereo-spot models list|fetch|verify|remove|path`: the depth model catalogue and the local cache of fetched
 * models. Errors go through `fail` (UsageError → exit 2, anything else → exit 1).
 */
export function addModelCommands({ program, fail }: { program: Command; fail: (error: unknown) => never }): void {
  const nameArgument = () => new Argument('<name>', `a catalogue model: ${CATALOGUE_MODEL_NAMES.join(', ')}`).choices([...CATALOGUE_MODEL_NAMES]);
  const run = async (action: (context: ModelsContext) => Promise<unknown>) => {
    try {
      await action(processModelsContext());
    } catch (error) {
      fail(error);
    }
  };

  const models = program
    .command('models')
    .description('ONNX depth models: list the catalogue, fetch one (checked and cached), verify, remove, print its path')
    .addHelpText('after', `
Start with: stereo-spot models fetch ${RECOMMENDED_CATALOGUE_MODEL}
Then: stereo-spot convert clip.mp4 --depth ${RECOMMENDED_CATALOGUE_MODEL}
${CACHE_HELP}`);

  models
    .command('list')
    .description('the catalogue: name, size, licence, speed, whether it is cached, which hardware it suits')
    .option('--json', 'one JSON object: {cache_dir, models: [{name, title, size_bytes, size_is_approximate, licence, commercial_use, speed, hardware, cached, path}]}', false)
    .addHelpText('after', CACHE_HELP)
    .action((opts: { json: boolean }) => run((context) => listModels({ json: opts.json, context })));

  models
    .command('fetch')
    .description('download a model into the cache, resuming a broken download, and keep it only if its size and SHA-256 check out')
    .addArgument(nameArgument())
    .option('--accept-license', 'accept a licence that forbids commercial use (it is shown first)', false)
    .option('--allow-http', 'allow a plain-HTTP download URL or mirror (https only otherwise)', false)
    .option('--sha256 <hex>', 'the SHA-256 the model must have (for a model the catalogue does not pin; an image build pins its model so)')
    .addHelpText('after', `
Progress goes to stderr; the model's path to stdout. The SHA-256 is pinned in the catalogue where known;
otherwise the first fetch records it (in <model>.onnx.json beside the model), prints it, and later fetches and
\`models verify\` check against it. A download that breaks is resumed (HTTP Range) from <model>.onnx.partial,
also by running the same command again. Nothing is renamed into place before the checks pass.
Mirror: STEREO_SPOT_MODEL_MIRROR=https://host/path fetches https://host/path/<name>.onnx instead.
${CACHE_HELP}

Example:
  stereo-spot models fetch ${RECOMMENDED_CATALOGUE_MODEL}
  stereo-spot models fetch da-v2-large --accept-license   (CC-BY-NC-4.0: non-commercial use only)`)
    .action((name: string, opts: { acceptLicense: boolean; allowHttp: boolean; sha256?: string }) =>
      run((context) => fetchModel({ name, acceptLicense: opts.acceptLicense, allowHttp: opts.allowHttp, ...(opts.sha256 === undefined ? {} : { sha256: opts.sha256 }), context })),
    );

  models
    .command('verify')
    .description('recompute the SHA-256 of one cached model (or of all) and compare it with the pinned or recorded one')
    .addArgument(nameArgument().argOptional())
    .addHelpText('after', CACHE_HELP)
    .action((name: string | undefined) => run((context) => verifyModels({ ...(name === undefined ? {} : { name }), context })));

  models
    .command('remove')
    .description('delete a cached model, its recorded checksum and any partial download')
    .addArgument(nameArgument())
    .addHelpText('after', CACHE_HELP)
    .action((name: string) => run((context) => removeModel({ name, context })));

  models
    .command('path')
    .description('print the path of a cached model (for --model or STEREO_DEPTH_MODEL); exit 1 when it is not cached')
    .addArgument(nameArgument())
    .addHelpText('after', CACHE_HELP)
    .action((name: string) => run((context) => modelPath({ name, context })));
}
