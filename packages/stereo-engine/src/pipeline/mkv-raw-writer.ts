import type { PixelFormat } from '../frame.js';
import { frameByteLength } from '../frame.js';
import { UNKNOWN_SIZE, concatBytes, element, encodeId, encodeSize, stringElement, uintElement } from './ebml.js';

/**
 * Raw frames with exact per-frame timestamps, for ffmpeg to read from a pipe: Matroska with one
 * `V_UNCOMPRESSED` track. Plain `-f rawvideo` has no timestamps (ffmpeg would invent a constant rate, breaking
 * variable-frame-rate videos); y4m neither. Matroska's timestamps are integers of `TimestampScale` ns: 1000 makes
 * them microseconds, exact for what the decoder reports.
 *
 * Layout: EBML header, a Segment of unknown size (a pipe cannot seek back to patch sizes), Info, Tracks, then one
 * Cluster per frame. A block's timestamp is an int16 relative to its cluster (±32.7 ms at this scale, less than
 * one frame at 30 fps), so each frame gets its own cluster carrying the absolute time: ~20 bytes per frame.
 */

/** ffmpeg's matroska demuxer maps ColourSpace through its raw-video FourCC table (libavcodec/raw.c). */
const FOURCC: Record<PixelFormat, Uint8Array> = {
  yuv420p: Uint8Array.of(0x49, 0x34, 0x32, 0x30), // 'I420'
  gbrp: Uint8Array.of(0x47, 0x33, 0x00, 0x08), // 'G3' 0 8: planar GBR, 8 bits
};

const ID = {
  ebml: 0x1a45dfa3,
  ebmlVersion: 0x4286,
  ebmlReadVersion: 0x42f7,
  ebmlMaxIdLength: 0x42f2,
  ebmlMaxSizeLength: 0x42f3,
  docType: 0x4282,
  docTypeVersion: 0x4287,
  docTypeReadVersion: 0x4285,
  segment: 0x18538067,
  info: 0x1549a966,
  timestampScale: 0x2ad7b1,
  muxingApp: 0x4d80,
  writingApp: 0x5741,
  tracks: 0x1654ae6b,
  trackEntry: 0xae,
  trackNumber: 0xd7,
  trackUid: 0x73c5,
  trackType: 0x83,
  flagLacing: 0x9c,
  codecId: 0x86,
  defaultDuration: 0x23e383,
  video: 0xe0,
  pixelWidth: 0xb0,
  pixelHeight: 0xba,
  flagInterlaced: 0x9a,
  colourSpace: 0x2eb524,
  cluster: 0x1f43b675,
  timestamp: 0xe7,
  simpleBlock: 0xa3,
} as const;

const CLUSTER_ID = encodeId(ID.cluster);
const SIMPLE_BLOCK_ID = encodeId(ID.simpleBlock);
/** Track number 1 (as a vint), relative timestamp 0 (int16), flags: keyframe (every raw frame stands alone). */
const BLOCK_PREFIX = Uint8Array.of(0x81, 0x00, 0x00, 0x80);

export interface MkvRawVideoTrack {
  format: PixelFormat;
  width: number;
  height: number;
  /** Nominal frame duration: becomes the stream's frame rate in ffmpeg (the encoder's rate-control hint). */
  frameDurationUs?: number;
}

export class MkvRawWriter {
  readonly frameBytes: number;
  private readonly track: MkvRawVideoTrack;
  private lastPtsUs = -1;

  constructor(track: MkvRawVideoTrack) {
    this.track = track;
    this.frameBytes = frameByteLength(track);
  }

  /** Everything before the first frame. */
  header(): Uint8Array {
    const { format, width, height, frameDurationUs } = this.track;
    const ebml = element(ID.ebml, [
      uintElement(ID.ebmlVersion, 1),
      uintElement(ID.ebmlReadVersion, 1),
      uintElement(ID.ebmlMaxIdLength, 4),
      uintElement(ID.ebmlMaxSizeLength, 8),
      stringElement(ID.docType, 'matroska'),
      uintElement(ID.docTypeVersion, 4),
      uintElement(ID.docTypeReadVersion, 2),
    ]);
    const info = element(ID.info, [
      uintElement(ID.timestampScale, 1000),
      stringElement(ID.muxingApp, 'stereo-spot'),
      stringElement(ID.writingApp, 'stereo-spot'),
    ]);
    const trackEntry = element(ID.trackEntry, [
      uintElement(ID.trackNumber, 1),
      uintElement(ID.trackUid, 1),
      uintElement(ID.trackType, 1), // video
      uintElement(ID.flagLacing, 0),
      stringElement(ID.codecId, 'V_UNCOMPRESSED'),
      ...(frameDurationUs && frameDurationUs > 0 ? [uintElement(ID.defaultDuration, Math.round(frameDurationUs * 1000))] : []),
      element(ID.video, [
        uintElement(ID.pixelWidth, width),
        uintElement(ID.pixelHeight, height),
        uintElement(ID.flagInterlaced, 2), // progressive
        element(ID.colourSpace, FOURCC[format]),
      ]),
    ]);
    return concatBytes([ebml, encodeId(ID.segment), UNKNOWN_SIZE, info, element(ID.tracks, trackEntry)]);
  }

  /**
   * The bytes that go right before one frame's `frameBytes` of plane data. Timestamps must increase (the MP4
   * muxer rejects anything else): one that does not is moved to 1 µs after the previous frame.
   */
  frameHeader(ptsUs: number): Uint8Array {
    let pts = Math.round(ptsUs);
    if (!(pts > this.lastPtsUs)) pts = this.lastPtsUs + 1;
    this.lastPtsUs = pts;
    const timestamp = uintElement(ID.timestamp, pts);
    const blockSize = encodeSize(BLOCK_PREFIX.length + this.frameBytes);
    const clusterSize = encodeSize(timestamp.length + SIMPLE_BLOCK_ID.length + blockSize.length + BLOCK_PREFIX.length + this.frameBytes);
    return concatBytes([CLUSTER_ID, clusterSize, timestamp, SIMPLE_BLOCK_ID, blockSize, BLOCK_PREFIX]);
  }
}
