import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTool } from './run-tool.ts';

/** The files run.sh copies (the same list, so a cache either tool filled has what the other needs). */
export const OPENCV_DATA_FILES = ['aloeL.jpg', 'aloeR.jpg', 'aloeGT.png', 'vtest.avi', 'Megamind_bugy.avi', 'tree.avi'];

const EXAMPLES = 'usr/share/doc/opencv-doc/examples/data';

/**
 * OpenCV's sample data, from Debian's `opencv-doc` package: downloaded (not installed) and unpacked into a temporary
 * folder the first time, then only the files used are kept in `<cache>/data`. Returns that folder.
 */
export function fetchOpencvData({ cacheDir }: { cacheDir: string }): string {
  const data = join(cacheDir, 'data');
  if (OPENCV_DATA_FILES.every((file) => existsSync(join(data, file)))) return data;
  const tmp = mkdtempSync(join(tmpdir(), 'real-bench-'));
  try {
    process.stderr.write('fetching opencv-doc (OpenCV sample data) …\n');
    try {
      runTool({ command: 'apt-get', args: ['download', '-qq', 'opencv-doc'], cwd: tmp });
    } catch {
      // A fresh machine may have no package lists yet.
      runTool({ command: 'apt-get', args: ['update', '-qq'] });
      runTool({ command: 'apt-get', args: ['download', '-qq', 'opencv-doc'], cwd: tmp });
    }
    const deb = readdirSync(tmp).find((name) => name.startsWith('opencv-doc_') && name.endsWith('.deb'));
    if (!deb) throw new Error('apt-get download opencv-doc left no .deb');
    runTool({ command: 'dpkg', args: ['-x', join(tmp, deb), join(tmp, 'x')] });
    mkdirSync(data, { recursive: true });
    for (const file of OPENCV_DATA_FILES) copyFileSync(join(tmp, 'x', EXAMPLES, file), join(data, file));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return data;
}
