import { assertSameMedia, inspectMedia, type InspectedMedia } from '@stereo-spot/test-kit';

/** The pass-through acceptance (frames, streams, durations, frame times), then the output's facts for more checks. */
export async function assertConverted({ input, output, fps }: { input: string; output: string; fps: number }): Promise<InspectedMedia> {
  await assertSameMedia({ sourcePath: input, outputPath: output, fps });
  return inspectMedia(output);
}
