import { readFile, writeFile } from 'node:fs/promises';
import { runFfmpeg } from '../src/index.js';

// The test-kit builds on this package, so these tests make their own small clips.
export async function makeClip(path: string, extra: { cover?: boolean; vfr?: boolean; container?: string } = {}): Promise<void> {
  const args = ['-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=2', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2'];
  if (extra.cover) args.push('-f', 'lavfi', '-i', 'color=c=red:size=64x64:duration=0.04,format=rgb24');
  args.push('-map', '0:v', '-map', '1:a');
  if (extra.cover) args.push('-map', '2:v', '-c:v:1', 'png', '-disposition:v:1', 'attached_pic');
  if (extra.vfr) args.push('-vf', "settb=1/1000,setpts='(N*0.04+0.01*mod(N,3))/TB'", '-fps_mode', 'passthrough', '-enc_time_base:v', '1/1000');
  args.push('-c:v:0', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-metadata:s:a:0', 'language=fra', '-metadata:s:a:0', 'title=Voix');
  args.push('-f', extra.container ?? 'mp4', path);
  await runFfmpeg({ args });
}

/** Overwrites the media data (mdat payload) of an MP4: it still opens, but every packet is garbage. */
export async function garbleMdat(from: string, to: string): Promise<void> {
  const data = await readFile(from);
  const at = data.indexOf('mdat', 0, 'latin1');
  if (at < 4) throw new Error('no mdat box');
  const size = data.readUInt32BE(at - 4);
  data.fill(0x55, at + 4, Math.min(at - 4 + size, data.length));
  await writeFile(to, data);
}
