import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { S3Client } from '@aws-sdk/client-s3';
import { buildConvertedSegmentKey, buildFinalKey, buildSegmentKey } from '@stereo-spot/shared-types';
import { INTERMEDIATE_TAG, S3ObjectStorage, taggingFor } from '../src/index.ts';

const JOB_ID = '0b9a3c1e-2f4d-4e6a-8b7c-1d2e3f4a5b6c';

test('only converted segments in the output bucket are tagged intermediate', () => {
  const converted = buildConvertedSegmentKey({ jobId: JOB_ID, segmentIndex: 3 });
  assert.equal(taggingFor({ bucket: 'output', key: converted }), `${encodeURIComponent(INTERMEDIATE_TAG.key)}=${INTERMEDIATE_TAG.value}`);
  assert.equal(taggingFor({ bucket: 'output', key: buildFinalKey({ jobId: JOB_ID }) }), undefined);
  assert.equal(taggingFor({ bucket: 'input', key: converted }), undefined);
  assert.equal(taggingFor({ bucket: 'input', key: buildSegmentKey({ jobId: JOB_ID, segmentIndex: 0, totalSegments: 1, mode: 'sbs-full' }) }), undefined);
  assert.equal(taggingFor({ bucket: 'output', key: `jobs/${JOB_ID}/segments/x.mp4` }), undefined);
});

/** An S3 client whose HTTP layer records each request and answers like S3 would for a small PutObject. */
function recordingClient(): { s3: S3Client; requests: { method: string; path: string; headers: Record<string, string> }[] } {
  const requests: { method: string; path: string; headers: Record<string, string> }[] = [];
  const s3 = new S3Client({
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    forcePathStyle: true,
    endpoint: 'http://127.0.0.1:1',
    requestHandler: {
      handle: async (request: { method: string; path: string; headers: Record<string, string>; body?: unknown }) => {
        // Drain the body as a real handler would, so the upload's stream finishes.
        if (request.body instanceof Readable) for await (const _chunk of request.body) void _chunk;
        requests.push({ method: request.method, path: request.path, headers: request.headers });
        return { response: { statusCode: 200, reason: 'OK', headers: { etag: '"e"' }, body: Readable.from([]) } };
      },
    },
  });
  return { s3, requests };
}

test('the upload of a converted segment carries the tag on the PutObject itself; final.mp4 does not', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tag-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'segment.mp4');
  await writeFile(path, Buffer.alloc(1024, 1));
  const { s3, requests } = recordingClient();
  const storage = new S3ObjectStorage({ s3, buckets: { input: 'in-bucket', output: 'out-bucket' }, presignedUpload: 'put' });

  await storage.putFile({ bucket: 'output', key: buildConvertedSegmentKey({ jobId: JOB_ID, segmentIndex: 0 }), path, contentType: 'video/mp4' });
  await storage.putFile({ bucket: 'output', key: buildFinalKey({ jobId: JOB_ID }), path, contentType: 'video/mp4' });

  assert.deepEqual(
    requests.map((request) => ({ method: request.method, tagging: request.headers['x-amz-tagging'] })),
    [
      { method: 'PUT', tagging: 'stereo-spot%3Aintermediate=true' },
      { method: 'PUT', tagging: undefined },
    ],
  );
});
