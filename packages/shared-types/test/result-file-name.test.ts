import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attachmentDisposition, cleanSourceName, createJobRequestSchema, describeIssue, FILE_NAME_TAG, OUTPUT_FORMATS, resultFileName, resultFileNameOf, toJobView } from '../src/index.ts';

const jobId = '0b1e6a4c-2f3d-4e5f-8a9b-0c1d2e3f4a5b';

test('a result is named <original name>_<player tag>.<container>', () => {
  assert.equal(resultFileName({ jobId, sourceName: 'Holiday 2024.mov', format: 'sbs-full' }), 'Holiday 2024_LR.mp4');
  assert.equal(resultFileName({ jobId, sourceName: 'holiday.mkv', format: 'sbs-half', container: 'mkv' }), 'holiday_3dh.mkv');
  assert.equal(resultFileName({ jobId, sourceName: 'clip.tar.avi', format: 'tb-full' }), 'clip.tar_TB.mp4');
  assert.equal(resultFileName({ jobId, sourceName: 'no-extension', format: 'tb-half' }), 'no-extension_3dv.mp4');
  assert.equal(resultFileName({ jobId, format: 'cross' }), 'stereo-spot-0b1e6a4c_RL.mp4');
  assert.equal(resultFileName({ jobId, sourceName: 'film.mkv', format: 'sbs-full', preview: true }), 'film-preview_LR.mp4');
  assert.equal(resultFileName({ jobId, sourceName: 'film.mkv', format: 'sbs-full', stereo: false }), 'film_2D.mp4', 'a pass-through copy is not tagged stereo');
});

test('every layout has its own tag', () => {
  const tags = OUTPUT_FORMATS.map((format) => FILE_NAME_TAG[format]);
  assert.equal(new Set(tags).size, tags.length);
});

test('a source name keeps only its last path segment, without control characters, and is bounded', () => {
  assert.equal(cleanSourceName('C:\\Users\\me\\Videos\\film.avi'), 'film.avi');
  assert.equal(cleanSourceName('/home/me/a\u0007b.mp4'), 'ab.mp4');
  assert.equal(cleanSourceName('dir/'), undefined);
  assert.equal(cleanSourceName('..'), undefined);
  assert.equal(cleanSourceName('x'.repeat(500))?.length, 200);
});

test('the create request takes the file name (cleaned) and the container; the view names the result', () => {
  const parsed = createJobRequestSchema.parse({ format: 'sbs', filename: 'videos/Été.mkv', container: 'mkv' });
  assert.equal(parsed.filename, 'Été.mkv');
  assert.equal(parsed.container, 'mkv');
  assert.equal(createJobRequestSchema.safeParse({ format: 'sbs', container: 'avi' }).success, false);
  assert.equal(createJobRequestSchema.safeParse({ format: 'sbs', filename: '/' }).success, false);
  const job = { job_id: jobId, status: 'completed' as const, format: 'sbs-full' as const, options: { depth: 'heuristic' as const, container: 'mkv' as const }, source_name: 'Été.mkv', created_at: 1, updated_at: 2 };
  assert.equal(resultFileNameOf(job), 'Été_LR.mkv');
  const view = toJobView({ job, segmentsDone: 1 });
  assert.equal(view.source_name, 'Été.mkv');
  assert.equal(view.result_name, 'Été_LR.mkv');
});

test('the download disposition carries an ASCII fallback and the UTF-8 name', () => {
  assert.equal(attachmentDisposition('Été_LR.mp4'), `attachment; filename="?t?_LR.mp4"; filename*=UTF-8''%C3%89t%C3%A9_LR.mp4`);
  assert.equal(attachmentDisposition('a "quoted" name.mp4'), 'attachment; filename="a \\"quoted\\" name.mp4"');
});

test('validation problems read as a person would write them', () => {
  const result = createJobRequestSchema.safeParse({ format: 'sbs', divergence: 12, convergence: -1, crf: 'x' });
  assert.equal(result.success, false);
  const byField = Object.fromEntries(result.error.issues.map((issue) => [String(issue.path[0]), describeIssue(issue)]));
  assert.equal(byField.divergence, 'must be at most 10');
  assert.equal(byField.convergence, 'must be at least 0');
  assert.equal(byField.crf, 'must be a number');
});
