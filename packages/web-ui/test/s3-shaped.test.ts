import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ObjectStorage } from '@stereo-spot/shared-types';
import { newJob } from '@stereo-spot/test-kit';
import { storeCompletedJobs, withWebApp } from './helpers.ts';

const S3 = 'https://input-bucket.s3.eu-west-1.amazonaws.com';

/** Storage as on AWS: presigned POST uploads with policy fields and presigned GETs on S3's origin. */
function s3ShapedStorage(storage: ObjectStorage): ObjectStorage {
  // The other methods are the real storage's, called on it (its private fields are not on a prototype copy).
  const own = Object.fromEntries(
    (['bucketName', 'putFile', 'putStream', 'getToFile', 'exists', 'copy', 'list', 'deletePrefix'] as const).map((name) => [name, (storage[name] as (...args: never[]) => unknown).bind(storage)]),
  ) as Partial<ObjectStorage>;
  return Object.assign(Object.create(storage) as ObjectStorage, own, {
    presignUpload: async ({ key, contentType }: { key: string; contentType: string }) => ({ method: 'POST' as const, url: `${S3}/`, fields: { key, 'Content-Type': contentType, Policy: 'e30=', 'X-Amz-Signature': 'abc' } }),
    presignGet: async ({ key }: { key: string }) => `${S3}/${key}?X-Amz-Signature=def`,
  });
}

test('on S3-shaped storage the pages hand the browser S3 URLs and the CSP admits that origin; no /storage routes', async () => {
  await withWebApp(
    async ({ app, backend }) => {
      const job = newJob();
      await backend.jobs.create(job);
      const upload = await app.inject({ method: 'GET', url: `/jobs/${job.job_id}/upload` });
      assert.equal(upload.statusCode, 200);
      assert.match(upload.body, new RegExp(`"method":"POST","url":"${S3}/","fields":\\{"key":"input/${job.job_id}/source.mp4"`));
      assert.match(String(upload.headers['content-security-policy']), new RegExp(`connect-src 'self' ${S3}`));

      const [done] = await storeCompletedJobs({ backend, count: 1 });
      const play = await app.inject({ method: 'GET', url: `/jobs/${done!.job_id}/play` });
      assert.match(play.body, new RegExp(`src="${S3}/jobs/${done!.job_id}/final.mp4\\?X-Amz-Signature=def"`));
      assert.match(String(play.headers['content-security-policy']), new RegExp(`media-src 'self' blob: ${S3}`));

      const api = await app.inject({ method: 'POST', url: '/api/jobs', payload: { format: 'sbs' } });
      assert.equal(api.json<{ upload: { method: string } }>().upload.method, 'POST');
      assert.equal((await app.inject({ method: 'PUT', url: '/storage/input/x?expires=1&sig=00' })).statusCode, 404);
    },
    { storageEndpoint: false, wrapBackend: (backend) => ({ jobs: backend.jobs, completions: backend.completions, storage: s3ShapedStorage(backend.storage) }) },
  );
});
