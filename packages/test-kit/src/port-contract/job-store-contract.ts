import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { ConflictError, UsageError, type Job } from '@stereo-spot/shared-types';
import { newJob } from '../temp-backend.js';
import type { PortContractTarget } from './port-contract-target.js';

/** JobStore: create/get, conditional transitions (fields set and removed), listing jobs newest first. */
export function jobStoreContract(target: PortContractTarget): void {
  const open = () => target.open({ maxReceiveCount: 4 });

  test(`[${target.name}] JobStore: create then get; creating the same id again is a conflict`, async (t) => {
    const { backend, cleanup } = await open();
    t.after(cleanup);
    const job = newJob({ source: { duration_sec: 1, fps: 25, width: 64, height: 48, video_codec: 'h264', frame_count: 25, video_start_sec: 0, audio_streams: [{ index: 1, codec: 'aac', channels: 2 }], subtitle_streams: [] } });
    await backend.jobs.create(job);
    assert.deepEqual(await backend.jobs.get(job.job_id), job);
    await assert.rejects(backend.jobs.create({ ...job, format: 'tb-full' }), ConflictError);
    assert.equal((await backend.jobs.get(job.job_id))?.format, 'sbs-full');
    assert.equal(await backend.jobs.get(randomUUID()), undefined);
  });

  test(`[${target.name}] JobStore: transition applies only from the listed statuses, replaces patched fields, sets updated_at`, async (t) => {
    const { backend, cleanup } = await open();
    t.after(cleanup);
    const job = newJob({ created_at: 1000, updated_at: 1000 });
    await backend.jobs.create(job);
    const moved = await backend.jobs.transition({ jobId: job.job_id, from: ['created'], to: 'chunking_in_progress' });
    assert.ok(moved.applied && moved.job.status === 'chunking_in_progress' && moved.job.updated_at > 1000);
    const backwards = await backend.jobs.transition({ jobId: job.job_id, from: ['created'], to: 'chunking_in_progress' });
    assert.equal(backwards.applied, false);
    assert.equal(!backwards.applied && backwards.current?.status, 'chunking_in_progress');
    const done = await backend.jobs.transition({ jobId: job.job_id, from: ['chunking_in_progress', 'created'], to: 'chunking_complete', patch: { total_segments: 7 } });
    assert.ok(done.applied);
    const stored = await backend.jobs.get(job.job_id);
    assert.equal(stored?.status, 'chunking_complete');
    assert.equal(stored?.total_segments, 7);
    assert.deepEqual(stored?.options, job.options);
    await backend.jobs.transition({ jobId: job.job_id, from: ['chunking_complete'], to: 'failed', patch: { error: { stage: 'video', message: 'first' } } });
    const failed = await backend.jobs.transition({ jobId: job.job_id, from: ['failed'], to: 'failed', patch: { error: { stage: 'reassembly', message: 'second' } } });
    assert.ok(failed.applied);
    assert.deepEqual((await backend.jobs.get(job.job_id))?.error, { stage: 'reassembly', message: 'second' });
    assert.deepEqual(await backend.jobs.transition({ jobId: randomUUID(), from: ['created'], to: 'failed' }), { applied: false, current: undefined });
    assert.equal(await backend.jobs.get(randomUUID()), undefined, 'a transition never creates a job');
  });

  test(`[${target.name}] JobStore: transition to completed sets completed_at; 10 concurrent transitions: one applies`, async (t) => {
    const { backend, cleanup } = await open();
    t.after(cleanup);
    const job = newJob({ status: 'chunking_in_progress' });
    await backend.jobs.create(job);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => backend.jobs.transition({ jobId: job.job_id, from: ['chunking_in_progress'], to: 'chunking_complete', patch: { total_segments: i + 1 } })),
    );
    const applied = results.filter((r) => r.applied);
    assert.equal(applied.length, 1);
    const winner = applied[0];
    assert.ok(winner?.applied);
    assert.equal((await backend.jobs.get(job.job_id))?.total_segments, winner.job.total_segments);
    for (const r of results) if (!r.applied) assert.equal(r.current?.status, 'chunking_complete');
    const before = Date.now();
    const completed = await backend.jobs.transition({ jobId: job.job_id, from: ['chunking_complete'], to: 'completed' });
    assert.ok(completed.applied && (completed.job.completed_at ?? 0) >= before);
  });

  test(`[${target.name}] JobStore: listCompleted pages newest first without repeats or gaps`, async (t) => {
    const { backend, cleanup } = await open();
    t.after(cleanup);
    const jobs: Job[] = [];
    for (let i = 0; i < 25; i += 1) {
      const job = newJob({ status: 'completed', completed_at: 10_000 + i * 10 });
      jobs.push(job);
      await backend.jobs.create(job);
    }
    await backend.jobs.create(newJob({ status: 'chunking_complete' }));
    const expected = [...jobs].sort((a, b) => (b.completed_at ?? 0) - (a.completed_at ?? 0)).map((j) => j.job_id);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await backend.jobs.listCompleted({ limit: 10, ...(cursor ? { cursor } : {}) });
      seen.push(...page.jobs.map((j) => j.job_id));
      cursor = page.nextCursor;
      pages += 1;
      // A job completing after the first page is newer: it must not shift or repeat what follows.
      if (pages === 1) await backend.jobs.create(newJob({ status: 'completed', completed_at: Date.now() }));
    } while (cursor && pages < 10);
    assert.equal(pages, 3);
    assert.deepEqual(seen, expected);
    const exact = await backend.jobs.listCompleted({ limit: 26 });
    assert.equal(exact.jobs.length, 26);
    assert.equal(exact.nextCursor, undefined, 'a last page that is exactly full has no cursor');
    await assert.rejects(backend.jobs.listCompleted({ limit: 10, cursor: 'not-a-cursor' }), UsageError);
  });

  test(`[${target.name}] JobStore: transition removes the fields named in unset, in the same conditional write`, async (t) => {
    const { backend, cleanup } = await open();
    t.after(cleanup);
    const job = newJob({ status: 'failed', total_segments: 3, error: { stage: 'video', message: 'boom' }, stage_times: { chunking: { started_at: 1, ended_at: 2 } } });
    await backend.jobs.create(job);
    const refused = await backend.jobs.transition({ jobId: job.job_id, from: ['created'], to: 'chunking_complete', unset: ['error'] });
    assert.equal(refused.applied, false);
    assert.deepEqual((await backend.jobs.get(job.job_id))?.error, job.error, 'a refused transition removes nothing');
    const retried = await backend.jobs.transition({ jobId: job.job_id, from: ['failed'], to: 'chunking_complete', unset: ['error', 'stage_times'] });
    assert.ok(retried.applied);
    assert.equal(retried.job.error, undefined);
    const stored = await backend.jobs.get(job.job_id);
    assert.equal(stored?.status, 'chunking_complete');
    assert.equal(stored && 'error' in stored, false, 'the field is gone, not null');
    assert.equal(stored?.stage_times, undefined);
    assert.equal(stored?.total_segments, 3, 'other fields stay');
    // Removing a field that is absent is no error; setting and removing the same field is.
    assert.ok((await backend.jobs.transition({ jobId: job.job_id, from: ['chunking_complete'], to: 'chunking_complete', unset: ['error'] })).applied);
    await assert.rejects(
      backend.jobs.transition({ jobId: job.job_id, from: ['chunking_complete'], to: 'failed', patch: { error: { stage: 'video', message: 'x' } }, unset: ['error'] }),
      UsageError,
    );
    assert.equal((await backend.jobs.get(job.job_id))?.status, 'chunking_complete');
  });

  test(`[${target.name}] JobStore: list gives one status, most recently updated first, in pages without repeats or gaps`, async (t) => {
    const { backend, cleanup } = await open();
    t.after(cleanup);
    const failed: Job[] = [];
    for (let i = 0; i < 12; i += 1) {
      const job = newJob({ status: 'failed', updated_at: 50_000 + i * 10, error: { stage: 'video', message: `job ${i}` } });
      failed.push(job);
      await backend.jobs.create(job);
    }
    await backend.jobs.create(newJob({ status: 'completed', completed_at: 1 }));
    await backend.jobs.create(newJob({ status: 'chunking_complete' }));
    const expected = [...failed].sort((a, b) => b.updated_at - a.updated_at).map((j) => j.job_id);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await backend.jobs.list({ status: 'failed', limit: 5, ...(cursor ? { cursor } : {}) });
      assert.ok(page.jobs.every((j) => j.status === 'failed'));
      seen.push(...page.jobs.map((j) => j.job_id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    assert.equal(pages, 3);
    assert.deepEqual(seen, expected);
    // A job moved into the status is listed first; one moved out is listed no more.
    const moved = await backend.jobs.transition({ jobId: failed[0]!.job_id, from: ['failed'], to: 'cancelled' });
    assert.ok(moved.applied);
    const cancelled = await backend.jobs.list({ status: 'cancelled', limit: 5 });
    assert.deepEqual(cancelled.jobs.map((j) => j.job_id), [failed[0]!.job_id]);
    assert.equal(cancelled.nextCursor, undefined);
    assert.equal((await backend.jobs.list({ status: 'failed', limit: 20 })).jobs.length, 11);
    assert.deepEqual((await backend.jobs.list({ status: 'chunking_in_progress', limit: 5 })).jobs, []);
    await assert.rejects(backend.jobs.list({ status: 'failed', limit: 0 }), UsageError);
    await assert.rejects(backend.jobs.list({ status: 'failed', limit: 5, cursor: 'not-a-cursor' }), UsageError);
  });

  test(`[${target.name}] JobStore: recordSegmentFrames raises one segment's frames while the job is active, touching nothing else`, async (t) => {
    const { backend, cleanup } = await open();
    t.after(cleanup);
    const job = newJob({ status: 'chunking_in_progress', created_at: 1000, updated_at: 1000 });
    await backend.jobs.create(job);
    assert.equal(await backend.jobs.recordSegmentFrames({ jobId: job.job_id, segmentIndex: 3, frames: 40 }), true);
    // Concurrent writers of different segments all land (no lost update of the map).
    await Promise.all(Array.from({ length: 8 }, (_, i) => backend.jobs.recordSegmentFrames({ jobId: job.job_id, segmentIndex: i + 10, frames: i + 1 })));
    assert.equal(await backend.jobs.recordSegmentFrames({ jobId: job.job_id, segmentIndex: 3, frames: 12 }), true, 'a lower count is not an error');
    const stored = await backend.jobs.get(job.job_id);
    assert.deepEqual(stored?.segment_frames, { '3': 40, '10': 1, '11': 2, '12': 3, '13': 4, '14': 5, '15': 6, '16': 7, '17': 8 });
    assert.equal(stored?.status, 'chunking_in_progress');
    assert.equal(stored?.updated_at, 1000, 'progress is not a status change');
    await backend.jobs.transition({ jobId: job.job_id, from: ['chunking_in_progress'], to: 'cancelled' });
    assert.equal(await backend.jobs.recordSegmentFrames({ jobId: job.job_id, segmentIndex: 3, frames: 99 }), false);
    assert.equal((await backend.jobs.get(job.job_id))?.segment_frames?.['3'], 40);
    assert.equal(await backend.jobs.recordSegmentFrames({ jobId: randomUUID(), segmentIndex: 0, frames: 1 }), false);
    assert.equal(await backend.jobs.get(randomUUID()), undefined);
    await assert.rejects(backend.jobs.recordSegmentFrames({ jobId: job.job_id, segmentIndex: -1, frames: 1 }), UsageError);
  });

  test(`[${target.name}] JobStore: delete removes an ended job only; an active one is refused with its status`, async (t) => {
    const { backend, cleanup } = await open();
    t.after(cleanup);
    const running = newJob({ status: 'chunking_complete' });
    const ended = [newJob({ status: 'completed', completed_at: 5 }), newJob({ status: 'failed' }), newJob({ status: 'cancelled' })];
    for (const job of [running, ...ended]) await backend.jobs.create(job);
    for (const job of ended) {
      assert.deepEqual(await backend.jobs.delete({ jobId: job.job_id }), { deleted: true });
      assert.equal(await backend.jobs.get(job.job_id), undefined);
    }
    assert.deepEqual((await backend.jobs.listCompleted({ limit: 10 })).jobs.map((j) => j.job_id).includes(ended[0]!.job_id), false);
    const refused = await backend.jobs.delete({ jobId: running.job_id });
    assert.equal(refused.deleted, false);
    assert.equal(!refused.deleted && refused.current?.status, 'chunking_complete');
    assert.deepEqual(await backend.jobs.delete({ jobId: randomUUID() }), { deleted: false, current: undefined });
  });
}
