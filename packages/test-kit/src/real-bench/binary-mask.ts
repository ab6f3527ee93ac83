/** A 0/1 mask, row-major. */
export interface BinaryMask {
  data: Uint8Array;
  width: number;
  height: number;
}

/** OpenCV's `getStructuringElement(MORPH_ELLIPSE, size × size)`: for each row, the run of columns inside the ellipse. */
export function ellipseKernel(size: number): BinaryMask {
  const r = size >> 1;
  const data = new Uint8Array(size * size);
  for (let i = 0; i < size; i++) {
    const dy = i - r;
    if (Math.abs(dy) > r) continue;
    const dx = r > 0 ? Math.round(r * Math.sqrt((r * r - dy * dy) / (r * r))) : 0;
    for (let j = Math.max(r - dx, 0); j < Math.min(r + dx + 1, size); j++) data[i * size + j] = 1;
  }
  return { data, width: size, height: size };
}

/** A size × size square of ones. */
export function squareKernel(size: number): BinaryMask {
  return { data: new Uint8Array(size * size).fill(1), width: size, height: size };
}

/**
 * Dilation by a kernel centred on its middle (OpenCV's `dilate`: outside the mask counts as empty). Works by runs:
 * each run of set pixels, widened by the kernel's run on each kernel row, so big kernels stay cheap.
 */
export function dilate({ mask, kernel }: { mask: BinaryMask; kernel: BinaryMask }): BinaryMask {
  const { width, height, data } = mask;
  const out = new Uint8Array(width * height);
  const cx = kernel.width >> 1;
  const cy = kernel.height >> 1;
  const rows = kernelRows(kernel);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width;) {
      if (!data[row + x]) {
        x++;
        continue;
      }
      let end = x;
      while (end < width && data[row + end]) end++;
      // dst(p) = max of src(p + k − centre) over the kernel, so source pixel q reaches q − k + centre.
      for (const { dy, from, to } of rows) {
        const ty = y + cy - dy;
        if (ty < 0 || ty >= height) continue;
        const a = Math.max(0, x + cx - to + 1);
        const b = Math.min(width, end + cx - from);
        out.fill(1, ty * width + a, ty * width + Math.max(a, b));
      }
      x = end;
    }
  }
  return { data: out, width, height };
}

/** Erosion by a kernel centred on its middle (OpenCV's `erode`: outside the mask counts as set, so edges do not erode). */
export function erode({ mask, kernel }: { mask: BinaryMask; kernel: BinaryMask }): BinaryMask {
  // A pixel stays only when no empty pixel is within the kernel's reach: the complement's dilation, inverted.
  const { width, height, data } = mask;
  const inverse = new Uint8Array(width * height);
  for (let i = 0; i < inverse.length; i++) inverse[i] = data[i] ? 0 : 1;
  const grown = dilate({ mask: { data: inverse, width, height }, kernel }).data;
  for (let i = 0; i < grown.length; i++) grown[i] = grown[i] ? 0 : 1;
  return { data: grown, width, height };
}

/** Opening (erosion, then dilation): removes specks smaller than the kernel. */
export function open({ mask, kernel }: { mask: BinaryMask; kernel: BinaryMask }): BinaryMask {
  return dilate({ mask: erode({ mask, kernel }), kernel });
}

/** Each kernel row's set columns as runs [from, to). */
function kernelRows(kernel: BinaryMask): { dy: number; from: number; to: number }[] {
  const rows: { dy: number; from: number; to: number }[] = [];
  for (let dy = 0; dy < kernel.height; dy++) {
    for (let x = 0; x < kernel.width;) {
      if (!kernel.data[dy * kernel.width + x]) {
        x++;
        continue;
      }
      let end = x;
      while (end < kernel.width && kernel.data[dy * kernel.width + end]) end++;
      rows.push({ dy, from: x, to: end });
      x = end;
    }
  }
  return rows;
}
