/**
 * The ArrayBuffers under `value` (typed arrays and ArrayBuffers in plain objects and arrays, a few levels deep),
 * each once: the transfer list that moves a frame or depth map to another thread instead of copying it. Planes
 * that are views of one frame buffer share it, so it is listed once and moves whole.
 *
 * The buffers must be owned by their views: a small Node Buffer lives in a shared pool slab that cannot move.
 */
export function collectTransferables(value: unknown): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  visit(value, found, 0);
  return [...found];
}

const MAX_DEPTH = 6;

function visit(value: unknown, found: Set<ArrayBuffer>, depth: number): void {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return;
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer && value.buffer.byteLength > 0) found.add(value.buffer);
    return;
  }
  if (value instanceof ArrayBuffer) {
    if (value.byteLength > 0) found.add(value);
    return;
  }
  const items = Array.isArray(value) ? value : Object.getPrototypeOf(value) === Object.prototype ? Object.values(value) : [];
  for (const item of items) visit(item, found, depth + 1);
}
