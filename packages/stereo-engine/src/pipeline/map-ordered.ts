/**
 * Maps `source` through `run` with up to `limit` calls in flight and yields results in source order. Inputs are
 * pulled while earlier results are still running, and a finished head result is yielded without waiting for the
 * next input. A failed call fails the iteration when its turn comes (later failures are ignored).
 */
export async function* mapOrdered<In, Out>(
  source: AsyncIterable<In>,
  options: { limit: number; run: (item: In) => Promise<Out> },
): AsyncGenerator<Out, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  const inFlight: Promise<Out>[] = [];
  let pull: Promise<IteratorResult<In>> | undefined;
  let exhausted = false;
  try {
    for (;;) {
      if (!exhausted && !pull && inFlight.length < options.limit) pull = iterator.next();
      const head = inFlight[0];
      if (!head && !pull) return;
      const winner = head && pull ? await Promise.race([head.then(() => 'head' as const), pull.then(() => 'pull' as const)]) : head ? 'head' : 'pull';
      if (winner === 'pull' && pull) {
        const result = await pull;
        pull = undefined;
        if (result.done) {
          exhausted = true;
          continue;
        }
        const output = options.run(result.value);
        output.catch(() => {}); // observed when its turn comes; never an unhandled rejection meanwhile
        inFlight.push(output);
        continue;
      }
      yield await inFlight.shift()!;
    }
  } finally {
    if (!exhausted) {
      pull?.catch(() => {});
      await iterator.return?.();
    }
  }
}
