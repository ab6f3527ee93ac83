/**
 * Counts the AWS requests a backend makes, by service and operation (one per HTTP attempt, retries included),
 * for benchmarks and cost estimates.
 */
export class AwsRequestCounter {
  readonly #counts = new Map<string, number>();

  record({ service, operation }: { service: string; operation: string }): void {
    const key = `${service}.${operation}`;
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
  }

  get total(): number {
    let sum = 0;
    for (const n of this.#counts.values()) sum += n;
    return sum;
  }

  /** `{ "SQS.ReceiveMessage": 12, … }`, sorted by name. */
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.#counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  reset(): void {
    this.#counts.clear();
  }
}
