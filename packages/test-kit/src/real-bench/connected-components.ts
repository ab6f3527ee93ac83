import type { BinaryMask } from './binary-mask.js';

export interface Component {
  /** The label its pixels carry in `labels` (1, 2, …; 0 is the background). */
  label: number;
  area: number;
  x0: number;
  y0: number;
  /** Exclusive. */
  x1: number;
  y1: number;
}

/** 8-connected components of a mask (as OpenCV's `connectedComponentsWithStats` by default), with area and bounds. */
export function connectedComponents(mask: BinaryMask): { labels: Int32Array; components: Component[] } {
  const { width, height, data } = mask;
  const labels = new Int32Array(width * height);
  const components: Component[] = [];
  const stack: number[] = [];
  for (let start = 0; start < data.length; start++) {
    if (!data[start] || labels[start]) continue;
    const c: Component = { label: components.length + 1, area: 0, x0: width, y0: height, x1: 0, y1: 0 };
    labels[start] = c.label;
    stack.push(start);
    while (stack.length > 0) {
      const i = stack.pop()!;
      const x = i % width;
      const y = (i - x) / width;
      c.area++;
      c.x0 = Math.min(c.x0, x);
      c.y0 = Math.min(c.y0, y);
      c.x1 = Math.max(c.x1, x + 1);
      c.y1 = Math.max(c.y1, y + 1);
      for (let ny = Math.max(0, y - 1); ny <= Math.min(height - 1, y + 1); ny++) {
        for (let nx = Math.max(0, x - 1); nx <= Math.min(width - 1, x + 1); nx++) {
          const k = ny * width + nx;
          if (data[k] && !labels[k]) {
            labels[k] = c.label;
            stack.push(k);
          }
        }
      }
    }
    components.push(c);
  }
  return { labels, components };
}
