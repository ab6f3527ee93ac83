/** Request counts by route and status, in the Prometheus text format. Routes are patterns, so labels stay few. */
export class RequestMetrics {
  readonly #counts = new Map<string, number>();
  readonly #started = Date.now();

  record({ method, route, status }: { method: string; route: string; status: number }): void {
    const key = `method="${method}",route="${route.replace(/["\\\n]/g, '_')}",status="${status}"`;
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
  }

  render(): string {
    const lines = ['# HELP stereo_spot_http_requests_total HTTP requests answered.', '# TYPE stereo_spot_http_requests_total counter'];
    for (const [labels, count] of this.#counts) lines.push(`stereo_spot_http_requests_total{${labels}} ${count}`);
    lines.push('# HELP stereo_spot_uptime_seconds Seconds since the web server started.', '# TYPE stereo_spot_uptime_seconds gauge');
    lines.push(`stereo_spot_uptime_seconds ${((Date.now() - this.#started) / 1000).toFixed(0)}`);
    return `${lines.join('\n')}\n`;
  }
}
