/** Cookies of a request header: first value of each name; malformed pairs are skipped, never fatal. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (cookies.has(name)) continue;
    try {
      cookies.set(name, decodeURIComponent(part.slice(eq + 1).trim()));
    } catch {
      // A malformed value is ignored like an absent cookie.
    }
  }
  return cookies;
}

export function serializeCookie({ name, value, maxAgeSec, httpOnly = true }: { name: string; value: string; maxAgeSec: number; httpOnly?: boolean }): string {
  return `${name}=${encodeURIComponent(value)}; Path=/; Max-Age=${maxAgeSec}; SameSite=Lax${httpOnly ? '; HttpOnly' : ''}`;
}
