import { DEFAULT_CONTAINER, type Container } from './containers.js';
import type { OutputFormat } from './formats.js';

/**
 * The tag at the end of a result's file name, in the convention VR players (Skybox, DeoVR, HereSphere, Pigasus)
 * use to pick the stereo mode by themselves: `_LR` full side by side, `_3dh` half side by side, `_TB` full
 * top-bottom, `_3dv` half top-bottom, `_RL` right eye first. Anaglyphs need no player mode; their tag only says
 * what the file is.
 */
export const FILE_NAME_TAG: Readonly<Record<OutputFormat, string>> = {
  'sbs-full': 'LR',
  'sbs-half': '3dh',
  'tb-full': 'TB',
  'tb-half': '3dv',
  cross: 'RL',
  'anaglyph-dubois': 'anaglyph',
  'anaglyph-color': 'anaglyph-color',
  'anaglyph-gray': 'anaglyph-gray',
  'anaglyph-halfcolor': 'anaglyph-halfcolor',
};

/** The longest original file name a job keeps (characters). */
export const MAX_SOURCE_NAME_LENGTH = 200;

/**
 * The last path segment of a name a browser or a shell gave, without control characters, or undefined when
 * nothing is left. Browsers send only the base name; scripts may send a path, which never matters here.
 */
export function cleanSourceName(name: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const base = name.split(/[\\/]/).at(-1)?.replace(/[\u0000-\u001f\u007f]/g, '').trim() ?? '';
  if (base === '' || base === '.' || base === '..') return undefined;
  return base.slice(0, MAX_SOURCE_NAME_LENGTH);
}

/**
 * `<original name without extension>_<tag>.<container>`, e.g. `holiday_LR.mp4` (`holiday-preview_LR.mp4` for a
 * preview); a job without an original name is named after its id.
 */
export function resultFileName({ jobId, sourceName, format, container = DEFAULT_CONTAINER, preview = false, stereo = true }: { jobId: string; sourceName?: string; format: OutputFormat; container?: Container; preview?: boolean; stereo?: boolean }): string {
  const cleaned = sourceName === undefined ? undefined : cleanSourceName(sourceName);
  const stem = cleaned?.replace(/\.[A-Za-z0-9]{1,5}$/, '') || `stereo-spot-${jobId.slice(0, 8)}`;
  // A pass-through copy is 2D: a stereo tag would make a player split one picture into two eyes.
  return `${stem}${preview ? '-preview' : ''}_${stereo ? FILE_NAME_TAG[format] : '2D'}.${container}`;
}
