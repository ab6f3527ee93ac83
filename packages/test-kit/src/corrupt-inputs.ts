import { open, readFile, writeFile } from 'node:fs/promises';

/**
 * Copies the first `fraction` of a file's bytes: an interrupted upload. A non-faststart MP4 loses its index
 * (moov, at the end) and cannot be opened; a faststart one opens but its last frames are missing.
 */
export async function writeTruncatedCopy(options: { from: string; to: string; fraction: number }): Promise<void> {
  const { from, to, fraction } = options;
  if (!(fraction >= 0 && fraction < 1)) throw new Error('fraction must be in [0, 1)');
  const handle = await open(from, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.floor(size * fraction));
    await handle.read(buffer, 0, buffer.length, 0);
    await writeFile(to, buffer);
  } finally {
    await handle.close();
  }
}

/** A text file, whatever its name says. */
export async function writeTextFile(path: string): Promise<void> {
  await writeFile(path, 'This is not a video.\nJust a few lines of text, uploaded by mistake.\n');
}

export async function writeZeroLengthFile(path: string): Promise<void> {
  await writeFile(path, Buffer.alloc(0));
}

/**
 * Copies an MP4 with the payload of its media data box (mdat) overwritten: the file opens and its index is
 * intact, but no frame can be decoded.
 */
export async function writeGarbledMp4Copy(options: { from: string; to: string }): Promise<void> {
  const data = await readFile(options.from);
  let offset = 0;
  let garbled = false;
  while (offset + 8 <= data.length) {
    let size = data.readUInt32BE(offset);
    const type = data.toString('latin1', offset + 4, offset + 8);
    let header = 8;
    if (size === 1) {
      size = Number(data.readBigUInt64BE(offset + 8));
      header = 16;
    } else if (size === 0) {
      size = data.length - offset;
    }
    if (type === 'mdat') {
      data.fill(0x55, offset + header, Math.min(offset + size, data.length));
      garbled = true;
    }
    if (size < header) break;
    offset += size;
  }
  if (!garbled) throw new Error(`${options.from} has no mdat box`);
  await writeFile(options.to, data);
}
