import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const SECRET_FILE_NAME = 'secret';

/**
 * The data dir's URL signing secret: made once (owner-only file) so signed URLs stay valid across restarts and
 * across the processes sharing the dir. The exclusive create lets two processes starting together agree on one.
 */
export async function loadSigningSecret({ dataDir }: { dataDir: string }): Promise<string> {
  const path = join(dataDir, SECRET_FILE_NAME);
  try {
    await writeFile(path, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  for (let attempt = 0; ; attempt += 1) {
    const secret = (await readFile(path, 'utf8')).trim();
    if (secret.length > 0) return secret;
    // Another process created the file and has not written it yet.
    if (attempt >= 50) throw new Error(`signing secret file ${path} is empty`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
