import { copyFile } from 'node:fs/promises';
import type { SegmentModel } from './segment-model.js';

/** The seeds' stub: the segment comes out unchanged. Keeps every other part of the pipeline testable. */
export const passthroughModel: SegmentModel = {
  async convert({ inputPath, outputPath }) {
    await copyFile(inputPath, outputPath);
  },
};
