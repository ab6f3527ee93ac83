import { CATALOGUE_MODEL_NAMES, DEPTH_MODEL_CATALOGUE, estimateRemainingMs, isFinalStatus, jobProgress, type CatalogueModel, type CatalogueModelName, type Container, type DepthModel, type Job, type JobStatus, type ModelSpeed, type OutputFormat, type Stage } from '@stereo-spot/shared-types';

/** What a person reads for each status. A new status does not compile until it has its words here. */
export const STATUS_TEXT: Readonly<Record<JobStatus, { label: string; hint: string }>> = {
  created: { label: 'Waiting for upload', hint: 'Upload the video to start.' },
  chunking_in_progress: { label: 'Preparing', hint: 'Checking the video and cutting it into segments.' },
  chunking_complete: { label: 'Converting', hint: 'Segments are being converted to 3D in parallel.' },
  completed: { label: 'Completed', hint: 'The 3D video is ready.' },
  failed: { label: 'Failed', hint: 'The conversion stopped; the reason is below.' },
  cancelled: { label: 'Cancelled', hint: 'This job was cancelled; its segments are no longer converted.' },
};

/** Where a job failed, and what the person can do about it. */
export const STAGE_FAILURE_TEXT: Readonly<Record<Stage, { title: string; advice: string }>> = {
  chunking: {
    title: 'The uploaded file could not be prepared',
    advice: 'Check that the file is a complete, playable video (MP4, MOV, MKV, WebM…) and upload it again in a new job.',
  },
  video: {
    title: 'A segment could not be converted',
    advice: 'Try again in a new job; if it fails again, choose another depth estimator or a smaller video.',
  },
  reassembly: {
    title: 'The converted segments could not be joined',
    advice: 'Try again in a new job; if it fails again, report it with the job id.',
  },
};

/** What a job is called where a person looks for it: the uploaded file's name, or the start of its id. */
export function jobTitle(job: Job): string {
  const name = job.source_name ?? `Job ${job.job_id.slice(0, 8)}`;
  return job.options.preview_seconds === undefined ? name : `${name} (${job.options.preview_seconds} s preview)`;
}

/**
 * What a finished job's result is: pass-through (a test aid of the API and CLI) copies the video in 2D, so it
 * is never announced as 3D.
 */
export function resultText(job: Job): { ready: string; play: string } {
  return job.options.depth === 'passthrough'
    ? { ready: 'The copy is ready (pass-through: 2D, no depth added).', play: 'Play the copy' }
    : { ready: 'The 3D video is ready.', play: 'Play the 3D video' };
}

export const FORMAT_TEXT: Readonly<Record<OutputFormat, string>> = {
  'sbs-full': 'Side by side, full width (VR headsets, 3D TVs)',
  'sbs-half': 'Side by side, half width (3D TVs)',
  'tb-full': 'Top and bottom, full height',
  'tb-half': 'Top and bottom, half height',
  cross: 'Cross-eyed side by side (no glasses)',
  'anaglyph-dubois': 'Red/cyan anaglyph, Dubois (glasses)',
  'anaglyph-color': 'Red/cyan anaglyph, colour',
  'anaglyph-gray': 'Red/cyan anaglyph, grey',
  'anaglyph-halfcolor': 'Red/cyan anaglyph, half colour',
};

/** What each layout is for, shown with its picture in the form's format help. */
export const FORMAT_HELP: Readonly<Record<OutputFormat, string>> = {
  'sbs-full': 'Left eye on the left, right eye on the right, each at full width. VR headsets and players (name tag _LR).',
  'sbs-half': 'Both eyes squeezed into one frame of the usual width. 3D TVs and projectors in "Side by Side" mode (_3dh).',
  'tb-full': 'Left eye above, right eye below, each at full height. Some VR players (_TB).',
  'tb-half': 'Both eyes squeezed into one frame of the usual height. 3D TVs in "Top and Bottom" mode (_3dv).',
  cross: 'Right eye on the left: look at the screen cross-eyed to see depth, no device needed (_RL).',
  'anaglyph-dubois': 'One picture for red/cyan glasses; the Dubois colours give the least ghosting. Any screen.',
  'anaglyph-color': 'Red/cyan glasses, strongest colours, more ghosting on red and cyan objects.',
  'anaglyph-gray': 'Red/cyan glasses, grey picture: no colour rivalry, no colour either.',
  'anaglyph-halfcolor': 'Red/cyan glasses, between colour and grey: reds are dimmed to cut rivalry.',
};

export const CONTAINER_TEXT: Readonly<Record<Container, string>> = {
  mp4: 'MP4 (plays everywhere, in this page too)',
  mkv: 'Matroska .mkv (every sound and subtitle track as it is; 3D mode stated for players)',
};

const SPEED_TEXT: Readonly<Record<ModelSpeed, string>> = { fast: 'fast', medium: 'slower', slow: 'slow without a GPU' };

/** A catalogue model as the form offers it: its title, licence and speed, e.g. "Depth Anything V2 Small … (Apache-2.0, slower)". */
function catalogueText(model: CatalogueModel): string {
  return `${model.title}: ${model.licence.spdx}${model.licence.commercialUse ? '' : ', non-commercial'}, ${SPEED_TEXT[model.speed]}`;
}

export const DEPTH_TEXT: Readonly<Record<DepthModel, string>> = {
  heuristic: 'Heuristic (fast, no model file)',
  onnx: 'ONNX depth model (set up on the workers)',
  passthrough: 'Pass-through (no 3D; for testing)',
  ...(Object.fromEntries(CATALOGUE_MODEL_NAMES.map((name) => [name, catalogueText(DEPTH_MODEL_CATALOGUE[name])])) as Record<CatalogueModelName, string>),
};

/**
 * How the in-browser preview reads the two eyes from a frame: which split, and which half is the left eye.
 * Anaglyphs need no preview (they are already viewable with glasses): `null`.
 */
export interface PreviewLayout {
  split: 'horizontal' | 'vertical';
  leftEye: 'first' | 'second';
  /** Half layouts squeeze each eye to half the frame: the preview stretches it back. */
  squeezed: boolean;
}

export const PREVIEW_LAYOUT: Readonly<Record<OutputFormat, PreviewLayout | null>> = {
  'sbs-full': { split: 'horizontal', leftEye: 'first', squeezed: false },
  'sbs-half': { split: 'horizontal', leftEye: 'first', squeezed: true },
  'tb-full': { split: 'vertical', leftEye: 'first', squeezed: false },
  'tb-half': { split: 'vertical', leftEye: 'first', squeezed: true },
  // Cross-eyed: the right eye's view is on the left.
  cross: { split: 'horizontal', leftEye: 'second', squeezed: false },
  'anaglyph-dubois': null,
  'anaglyph-color': null,
  'anaglyph-gray': null,
  'anaglyph-halfcolor': null,
};

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  if (minutes > 0) return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
  return `${seconds} s`;
}

export interface JobProgress {
  /** 0…100, or undefined while nothing can be said yet. */
  percent?: number;
  elapsedMs: number;
  /** Estimated time left, once some of the video is converted. */
  etaMs?: number;
}

/**
 * Progress = `jobProgress` (frames converted, or segments done). Converting started when chunking completed
 * (`updated_at` of a `chunking_complete` job: progress reports do not touch it), so the ETA extrapolates the
 * pace since then.
 */
export function progressOf({ job, segmentsDone, now }: { job: Job; segmentsDone: number; now: number }): JobProgress {
  const end = job.status === 'completed' ? (job.completed_at ?? job.updated_at) : isFinalStatus(job.status) ? job.updated_at : now;
  const elapsedMs = Math.max(0, end - job.created_at);
  if (job.status === 'completed') return { percent: 100, elapsedMs };
  const fraction = jobProgress({ job, segmentsDone });
  if (fraction === undefined) return { elapsedMs };
  const percent = Math.min(100, Math.floor(fraction * 100));
  if (job.status !== 'chunking_complete') return { percent, elapsedMs };
  const etaMs = estimateRemainingMs({ fractionDone: fraction, convertingMs: Math.max(1, now - job.updated_at) });
  return { percent, elapsedMs, ...(etaMs === undefined ? {} : { etaMs }) };
}
