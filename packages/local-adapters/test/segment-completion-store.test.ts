import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createClient } from '@libsql/client';
import { openLocalBackend } from '../src/index.ts';
import { makeTempDir } from './helpers.ts';

test('a data dir made before started_at: its completions still read, and new ones keep started_at', async (t) => {
  const { dir, cleanup } = await makeTempDir();
  t.after(cleanup);
  const jobId = randomUUID();
  // The table as the first version created it, with one completion in it.
  const raw = createClient({ url: `file:${join(dir, 'stereo-spot.db')}` });
  await raw.execute(`CREATE TABLE segment_completions (job_id TEXT NOT NULL, segment_index INTEGER NOT NULL, output_s3_uri TEXT NOT NULL,
    completed_at INTEGER NOT NULL, total_segments INTEGER NOT NULL, PRIMARY KEY (job_id, segment_index))`);
  await raw.execute({ sql: 'INSERT INTO segment_completions VALUES (?, 0, ?, 2000, 2)', args: [jobId, 's3://out/0.mp4'] });
  raw.close();

  // Two backends open it at once, each adding the column if it is still missing: neither fails.
  const [a, b] = await Promise.all([openLocalBackend({ dataDir: dir }), openLocalBackend({ dataDir: dir })]);
  t.after(() => Promise.all([a.close(), b.close()]));
  await Promise.all([
    a.completions.put({ job_id: jobId, segment_index: 1, output_s3_uri: 's3://out/1.mp4', started_at: 1500, completed_at: 2500, total_segments: 2 }),
    b.completions.listByJob(jobId),
  ]);
  assert.deepEqual(await b.completions.listByJob(jobId), [
    { job_id: jobId, segment_index: 0, output_s3_uri: 's3://out/0.mp4', completed_at: 2000, total_segments: 2 },
    { job_id: jobId, segment_index: 1, output_s3_uri: 's3://out/1.mp4', started_at: 1500, completed_at: 2500, total_segments: 2 },
  ]);
});
