/**
 * Runs `source` up to `size` items ahead of the consumer: the stage before keeps working while the stage after
 * is busy, and never gets further ahead than that (a bounded queue between two stages). Async generators queue
 * `next()` calls, so keeping `size` calls outstanding is the whole mechanism.
 */
export async function* readAhead<T>(source: AsyncIterable<T>, size: number): AsyncGenerator<T, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  const pending: Promise<IteratorResult<T>>[] = [];
  let done = false;
  try {
    for (;;) {
      while (!done && pending.length < size) {
        const next = iterator.next();
        next.then((result) => (done ||= result.done === true), () => (done = true));
        pending.push(next);
      }
      const result = await pending.shift();
      if (!result || result.done) return;
      yield result.value;
    }
  } finally {
    if (!done) await iterator.return?.();
  }
}
