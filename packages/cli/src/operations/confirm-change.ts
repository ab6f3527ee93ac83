import { UsageError } from '@stereo-spot/shared-types';
import type { OperatorIo } from './operator-io.js';

/**
 * Shows what a command will change, then goes on only with `--yes` or a "y" typed at a terminal. Without a
 * terminal and without `--yes` it refuses (a script must say yes explicitly). A refusal changes nothing.
 */
export async function confirmChange({ io, yes, summary }: { io: OperatorIo; yes: boolean; summary: string[] }): Promise<void> {
  io.err(summary.join('\n'));
  if (yes) return;
  if (!io.interactive) throw new UsageError('not a terminal: pass --yes to confirm; nothing changed');
  const answer = (await io.ask('Proceed? [y/N] ')).trim().toLowerCase();
  if (answer !== 'y' && answer !== 'yes') throw new UsageError('not confirmed; nothing changed');
}
