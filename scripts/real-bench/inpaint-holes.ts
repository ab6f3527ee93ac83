/**
 * Fills the holes of a gray plane (hole[i] = 1) from the nearest known pixels to the left, right, above and below,
 * each weighted by the inverse of its distance: smooth, like OpenCV's Telea inpainting at this scale, and with no
 * texture of its own that motion could be read from. Returns the same plane.
 */
export function inpaintHoles({ data, hole, width, height }: { data: Uint8Array; hole: Uint8Array; width: number; height: number }): Uint8Array {
  const sum = new Float32Array(width * height);
  const weight = new Float32Array(width * height);
  const add = (i: number, from: number, distance: number) => {
    sum[i]! += data[from]! / distance;
    weight[i]! += 1 / distance;
  };
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let last = -1;
    for (let x = 0; x < width; x++) {
      if (!hole[row + x]) last = x;
      else if (last >= 0) add(row + x, row + last, x - last);
    }
    last = -1;
    for (let x = width - 1; x >= 0; x--) {
      if (!hole[row + x]) last = x;
      else if (last >= 0) add(row + x, row + last, last - x);
    }
  }
  for (let x = 0; x < width; x++) {
    let last = -1;
    for (let y = 0; y < height; y++) {
      if (!hole[y * width + x]) last = y;
      else if (last >= 0) add(y * width + x, last * width + x, y - last);
    }
    last = -1;
    for (let y = height - 1; y >= 0; y--) {
      if (!hole[y * width + x]) last = y;
      else if (last >= 0) add(y * width + x, last * width + x, last - y);
    }
  }
  for (let i = 0; i < data.length; i++) if (hole[i] && weight[i]! > 0) data[i] = Math.round(sum[i]! / weight[i]!);
  return data;
}
