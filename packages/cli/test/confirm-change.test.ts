import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '@stereo-spot/shared-types';
import { confirmChange } from '../src/operations/confirm-change.ts';
import type { OperatorIo } from '../src/operations/operator-io.ts';

function fakeIo({ interactive, answer = '' }: { interactive: boolean; answer?: string }) {
  const shown: string[] = [];
  const asked: string[] = [];
  const io: OperatorIo = {
    out: () => undefined,
    err: (text) => shown.push(text),
    interactive,
    ask: async (question) => {
      asked.push(question);
      return answer;
    },
  };
  return { io, shown, asked };
}

test('the change is always shown; --yes goes on without asking', async () => {
  const { io, shown, asked } = fakeIo({ interactive: false });
  await confirmChange({ io, yes: true, summary: ['job x: created → cancelled'] });
  assert.deepEqual(shown, ['job x: created → cancelled']);
  assert.deepEqual(asked, []);
});

test('at a terminal it asks; without one and without --yes it refuses (exit 2) without asking', async () => {
  const { io, asked } = fakeIo({ interactive: true, answer: 'y' });
  await confirmChange({ io, yes: false, summary: ['a'] });
  assert.equal(asked.length, 1);
  const script = fakeIo({ interactive: false, answer: 'y' });
  await assert.rejects(confirmChange({ io: script.io, yes: false, summary: ['a'] }), (error: unknown) => error instanceof UsageError && /--yes/.test(error.message));
  assert.deepEqual(script.asked, []);
});

test('at a terminal only y or yes goes on', async () => {
  for (const answer of ['y', 'YES', ' yes ']) await confirmChange({ io: fakeIo({ interactive: true, answer }).io, yes: false, summary: ['a'] });
  for (const answer of ['', 'n', 'no', 'sure']) {
    await assert.rejects(confirmChange({ io: fakeIo({ interactive: true, answer }).io, yes: false, summary: ['a'] }), UsageError, `answer "${answer}"`);
  }
});
