#!/usr/bin/env node
/**
 * `npm run build`: compiles the CLI to JavaScript in packages/cli/dist/ so that bin/stereo-spot.js starts without
 * compiling TypeScript (./scripts/setup.sh and the integration tests run it, and bin/stereo-spot.js when a source is
 * newer than the build; it takes about a second). Plain JavaScript, so it runs without tsx.
 *
 * - One ES module per entry: dist/main.js (src/main.ts), and one file per module that is started on its own at run
 *   time: a worker thread's script or a task module that a worker imports. Those are the modules named as
 *   `new URL('./some-module.ts', import.meta.url)` in the bundled sources; each is compiled to
 *   dist/some-module.js and the expression becomes `new URL('./some-module.js', import.meta.url)`, so it is found
 *   next to the bundle.
 * - Every module imported with `import()` (a command's implementation, see src/lazy.ts), and code that such
 *   modules share, is a chunk of its own (dist/<name>-<hash>.js): `stereo-spot --help` loads none of the backends.
 *   Every output file is in dist/ itself, which the paths above rely on.
 * - The workspace packages (@stereo-spot/*) are bundled in; every other package stays an import from node_modules.
 * - Any other `import.meta.url` keeps meaning the source file's URL (package.json, static files found relative to
 *   it), so those files are read from the source tree, where they are.
 * - dist/build-info.json lists the sources and when the build started: bin/stereo-spot.js runs the bundle only
 *   while no source is newer, and builds again first otherwise.
 */
import * as esbuild from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const CLI_DIR = fileURLToPath(new URL('..', import.meta.url));
const ROOT = resolve(CLI_DIR, '../..');
const OUT = join(CLI_DIR, 'dist');
const MAIN = join(CLI_DIR, 'src', 'main.ts');
const BUILD_INFO = 'build-info.json';
const KEEP_OLD_FILES_MS = 24 * 60 * 60 * 1000;

/** `new URL('./x.ts', import.meta.url)` (a module started at run time), or any other `import.meta.url`. */
const RUNTIME_URL = /new URL\(\s*(['"])(\.\.?\/[^'"\n]+\.[cm]?ts)\1\s*,\s*import\.meta\.url\s*\)|import\.meta\.url\b/g;
const SOURCE_URL_FN = '__stereoSpotSourceUrl';

const toPosix = (path) => path.split(sep).join('/');
/** packages/<name>/package.json of a source file in packages/<name>/. */
const packageJsonOf = (path) => join(ROOT, 'packages', relative(join(ROOT, 'packages'), path).split(sep)[0], 'package.json');
const inNodeModules = (path) => path.split(sep).includes('node_modules');

/** Entry output names (without .js) by source path; a second module with the same file name gets a suffix. */
function entryNames(main) {
  const names = new Map([[main, basename(main).replace(/\.[cm]?ts$/, '')]]);
  return {
    names,
    add(path) {
      if (names.has(path)) return names.get(path);
      const stem = basename(path).replace(/\.[cm]?ts$/, '');
      const taken = new Set(names.values());
      let name = stem;
      for (let n = 2; taken.has(name); n++) name = `${stem}-${n}`;
      names.set(path, name);
      return name;
    },
  };
}

function runtimeUrlsPlugin(entries, discovered, out) {
  return {
    name: 'stereo-spot-runtime-urls',
    setup(build) {
      // Bare specifiers: workspace packages are bundled (their sources are TypeScript), the rest stay external.
      build.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@stereo-spot/') ? undefined : { path: args.path, external: true }));
      build.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
        if (inNodeModules(args.path)) return undefined;
        const source = readFileSync(args.path, 'utf8');
        if (/import\.meta\.(dirname|filename)\b/.test(source)) {
          return { errors: [{ text: 'import.meta.dirname / import.meta.filename: use import.meta.url (the build maps it to the source file)' }] };
        }
        let usesSourceUrl = false;
        const contents = source.replace(RUNTIME_URL, (match, _quote, specifier) => {
          if (specifier) {
            const target = resolve(dirname(args.path), specifier);
            discovered.add(target);
            return `new URL(${JSON.stringify(`./${entries.add(target)}.js`)}, import.meta.url)`;
          }
          usesSourceUrl = true;
          return `${SOURCE_URL_FN}()`;
        });
        if (!usesSourceUrl) return { contents, loader: 'ts' };
        // A hoisted function at the end (a declaration at the top would move every line of the source map).
        const fromOut = toPosix(relative(out, args.path));
        return { contents: `${contents}\nfunction ${SOURCE_URL_FN}() { return new URL(${JSON.stringify(fromOut)}, import.meta.url).href; }\n`, loader: 'ts' };
      });
    },
  };
}

/**
 * Bundles main.ts, then the modules it starts on their own, then the ones those start…: each round bundles only the
 * entries new to it, so a round costs what its modules do (the worker threads' scripts are small) and shares no
 * chunk with an earlier one.
 */
async function compile(entries, { main, out, quiet }) {
  const outputFiles = [];
  const inputs = new Set();
  const built = new Set();
  for (let round = [main]; round.length > 0; ) {
    const discovered = new Set();
    const result = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: round.map((path) => ({ in: path, out: entries.add(path) })),
      outdir: out,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      splitting: true,
      keepNames: true, // class and function names as in the source (error names, logs), not renamed by bundling
      sourcemap: 'linked',
      sourcesContent: false,
      metafile: true,
      write: false,
      logLevel: quiet ? 'silent' : 'warning',
      plugins: [runtimeUrlsPlugin(entries, discovered, out)],
    });
    outputFiles.push(...result.outputFiles);
    for (const input of Object.keys(result.metafile.inputs)) inputs.add(resolve(ROOT, input));
    for (const path of round) built.add(path);
    round = [...discovered].filter((path) => !built.has(path));
  }
  return { outputFiles, inputs };
}

/**
 * Each file is written beside its final name and renamed over it: a CLI starting meanwhile never reads half a file.
 * Chunks first, then the entries that import them, then build-info.json, so a CLI starting meanwhile finds a whole
 * build, old or new. Files of earlier builds are removed a day later: a CLI still running from one may yet import
 * its chunks.
 */
function writeOutputs(files, entryFiles, out) {
  mkdirSync(out, { recursive: true });
  const written = new Set();
  const rank = (path) => (basename(path) === BUILD_INFO ? 2 : entryFiles.has(basename(path).replace(/\.map$/, '')) ? 1 : 0);
  for (const { path, contents } of [...files].sort((a, b) => rank(a.path) - rank(b.path))) {
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, contents);
    renameSync(temporary, path);
    written.add(basename(path));
  }
  for (const name of readdirSync(out)) {
    if (written.has(name)) continue;
    const stat = statSync(join(out, name), { throwIfNoEntry: false });
    if (stat && Date.now() - stat.mtimeMs > KEEP_OLD_FILES_MS) rmSync(join(out, name), { force: true, recursive: true });
  }
}

/**
 * Compiles and writes dist/; `quiet`: nothing on stderr (errors are thrown). `main` and `out` build another entry
 * into another folder the same way: `npm run bench:engine` runs the engine from JavaScript compiled so, as the CLI
 * does.
 */
export async function build({ quiet = false, main = MAIN, out = OUT } = {}) {
  const started = Date.now();
  const entries = entryNames(main);
  // esbuild's service process is stopped afterwards: a CLI that built first does not keep it for its lifetime.
  const result = await compile(entries, { main, out, quiet }).finally(() => esbuild.stop());
  const sources = [...result.inputs].filter((path) => !inNodeModules(path));
  const buildInfo = {
    builtAt: started,
    entries: Object.fromEntries([...entries.names].map(([path, name]) => [`${name}.js`, toPosix(relative(out, path))])),
    // What the output depends on besides node_modules: the bundled sources, their packages' package.json (exports),
    // this script and the compiler settings.
    inputs: [...new Set([...sources, ...sources.map(packageJsonOf), fileURLToPath(import.meta.url), join(ROOT, 'tsconfig.json')])]
      .map((path) => toPosix(relative(out, path)))
      .sort(),
  };
  writeOutputs([...result.outputFiles, { path: join(out, BUILD_INFO), contents: `${JSON.stringify(buildInfo, null, 2)}\n` }], new Set(Object.keys(buildInfo.entries)), out);
  if (!quiet) process.stderr.write(`build: ${toPosix(relative(ROOT, out))}/ (${Object.keys(buildInfo.entries).join(', ')}) from ${sources.length} sources in ${Date.now() - started} ms\n`);
}

// `node packages/cli/scripts/build.js` (bin/stereo-spot.js imports it instead).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await build();
