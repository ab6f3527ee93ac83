/**
 * The few EBML (Matroska's binary XML) encoders the raw-video writer needs. An element is its ID, its payload size
 * as a variable-length integer, then the payload.
 */

/** Marks a size as "unknown" (runs to the end of the parent): what a Segment written to a pipe uses. */
export const UNKNOWN_SIZE = Uint8Array.of(0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);

/**
 * A payload size as an EBML variable-length integer, in the fewest bytes. A value whose bits would all be ones is
 * reserved (it means "unknown"), hence `2 ** (7 * length) - 1` and not `- 0`.
 */
export function encodeSize(size: number): Uint8Array {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`invalid EBML size ${size}`);
  let length = 1;
  while (length < 8 && size >= 2 ** (7 * length) - 1) length++;
  const bytes = new Uint8Array(length);
  let rest = size;
  for (let i = length - 1; i >= 0; i--) {
    bytes[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  bytes[0]! |= 0x80 >> (length - 1);
  return bytes;
}

/** Unsigned integer payload, big-endian, in the fewest bytes (at least one). */
export function encodeUint(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`invalid EBML unsigned integer ${value}`);
  const bytes: number[] = [];
  let rest = value;
  do {
    bytes.unshift(rest % 256);
    rest = Math.floor(rest / 256);
  } while (rest > 0);
  return Uint8Array.from(bytes);
}

/** `id` is the element ID as written (its length marker included), e.g. 0x1a45dfa3 for the EBML header. */
export function element(id: number, payload: Uint8Array | readonly Uint8Array[]): Uint8Array {
  const parts = payload instanceof Uint8Array ? [payload] : payload;
  const size = parts.reduce((sum, part) => sum + part.length, 0);
  return concatBytes([encodeId(id), encodeSize(size), ...parts]);
}

export function uintElement(id: number, value: number): Uint8Array {
  return element(id, encodeUint(value));
}

export function stringElement(id: number, value: string): Uint8Array {
  return element(id, new TextEncoder().encode(value));
}

export function encodeId(id: number): Uint8Array {
  const bytes = encodeUint(id);
  if (bytes.length > 4) throw new RangeError(`invalid EBML ID ${id}`);
  return bytes;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
