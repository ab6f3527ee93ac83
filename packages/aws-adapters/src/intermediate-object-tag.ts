import { isConvertedSegmentKey, type Bucket } from '@stereo-spot/shared-types';

/**
 * The tag that marks objects only needed until reassembly. S3 lifecycle rules filter by prefix, not by pattern,
 * so the data-plane stack expires converted segments (`jobs/{id}/segments/`) by this tag instead.
 */
export const INTERMEDIATE_TAG = { key: 'stereo-spot:intermediate', value: 'true' } as const;

/** The `x-amz-tagging` value (URL query form) for an object written at `key`, or undefined when it is kept. */
export function taggingFor({ bucket, key }: { bucket: Bucket; key: string }): string | undefined {
  if (bucket !== 'output' || !isConvertedSegmentKey(key)) return undefined;
  return new URLSearchParams({ [INTERMEDIATE_TAG.key]: INTERMEDIATE_TAG.value }).toString();
}
