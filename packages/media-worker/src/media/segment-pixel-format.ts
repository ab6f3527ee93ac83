/** Pixel formats libx264 (8 and 10 bit builds alike in ffmpeg 5.1) encodes as they are. */
const X264_AS_IS = new Set(['yuv420p', 'yuvj420p', 'yuv422p', 'yuvj422p', 'yuv444p', 'yuvj444p', 'yuv420p10le', 'yuv422p10le', 'yuv444p10le']);

/**
 * The pixel format a source is re-encoded in when it has to be cut by re-encoding (see `transcodeForSegments`):
 * the source's own when x264 holds it, otherwise the x264 format that loses no chroma and no bit depth the source
 * had (4:4:4 for RGB and palettes, 10 bit for deeper sources). Grey sources become 4:2:0 with neutral chroma: the
 * luma is unchanged, and monochrome H.264 is something few players decode. Odd sizes cannot be subsampled: 4:4:4.
 */
export function segmentPixelFormat({ pixFmt, width, height }: { pixFmt?: string | undefined; width: number; height: number }): string {
  const name = (pixFmt ?? '').toLowerCase();
  const deep = /(9|10|12|14|16)(le|be)$|^p01[06]|^y21|^xyz/.test(name);
  const chroma = chromaOf(name);
  if (width % 2 !== 0 || (chroma === '420' && height % 2 !== 0)) return deep ? 'yuv444p10le' : 'yuv444p';
  if (X264_AS_IS.has(name)) return name;
  return `yuv${chroma}p${deep ? '10le' : ''}`;
}

/** The chroma sampling to keep for a source format; unknown formats get 4:4:4, which never loses chroma. */
function chromaOf(name: string): '420' | '422' | '444' {
  if (/^gray|^ya?8|^ya16|^y400/.test(name)) return '420';
  // 4:1:0 fits in 4:2:0; 4:1:1 (DV) would lose vertical chroma there, so it goes to 4:2:2.
  if (/420|410|^nv12|^nv21|^p01[06]/.test(name)) return '420';
  if (/422|411|^nv16|^nv20|^yuyv|^uyvy|^yvyu|^y21/.test(name)) return '422';
  return '444';
}
