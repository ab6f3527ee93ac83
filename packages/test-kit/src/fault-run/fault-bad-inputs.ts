import { generateClip } from '../generate-clip.js';
import { writeGarbledMp4Copy, writeTextFile, writeTruncatedCopy, writeZeroLengthFile } from '../corrupt-inputs.js';

/** Inputs a fault run submits that must fail, each with the reason its job must give. */
export const FAULT_BAD_INPUTS = [
  { name: 'zero-length', reason: /empty/, make: (path: string) => writeZeroLengthFile(path) },
  { name: 'not a video', reason: /not a video/, make: (path: string) => writeTextFile(path) },
  { name: 'truncated', reason: /truncated or damaged/, make: (path: string, good: string) => writeTruncatedCopy({ from: good, to: path, fraction: 0.3 }) },
  { name: 'garbled', reason: /cannot be decoded|truncated or damaged/, make: (path: string, good: string) => writeGarbledMp4Copy({ from: good, to: path }) },
  // A few kilobytes that decode to frames 12,000 pixels wide: refused before any worker allocates a frame.
  { name: 'huge dimensions', reason: /largest supported is \d+ pixels/, make: (path: string) => generateClip({ path, durationSec: 2, width: 12_000, height: 16, fps: 25, gop: 25, audioTracks: 0 }) },
] as const;
