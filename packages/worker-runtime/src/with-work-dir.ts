import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Runs `work` in a fresh scratch folder under `baseDir` and always removes it, so disk use does not grow per message. */
export async function withWorkDir<T>({ baseDir, prefix }: { baseDir: string; prefix: string }, work: (dir: string) => Promise<T>): Promise<T> {
  await mkdir(baseDir, { recursive: true });
  const dir = await mkdtemp(join(baseDir, `${prefix}-`));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
