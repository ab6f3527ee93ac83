// Another process holding the embedded database's write lock: `node --import tsx hold-sqlite-lock.ts <db> <ms>`.
// Prints "locked" once it has the lock, keeps it for <ms>, then commits and exits.
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, type Client, type Transaction } from '@libsql/client';

const [path, ms] = process.argv.slice(2);
let client: Client;
let tx: Transaction;
for (;;) {
  client = createClient({ url: pathToFileURL(path ?? '').href });
  try {
    // BEGIN IMMEDIATE: in WAL mode the same lock as BEGIN EXCLUSIVE (readers go on, every writer waits).
    tx = await client.transaction('write');
    break;
  } catch {
    // A worker is writing: try again, on a new connection (libsql leaves the failed BEGIN open on this one).
    client.close();
    await sleep(20);
  }
}
process.stdout.write('locked\n');
await sleep(Number(ms));
await tx.commit();
client.close();
