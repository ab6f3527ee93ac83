/// <reference lib="dom" />
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { generateClip } from '@stereo-spot/test-kit';
import { channelModel } from '../../../stereo-engine/test/fixtures/onnx/build-test-models.ts';
import { startServe, type ServeProcess } from './serve-process.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots of each page, to look at (and to refresh the README's pictures from). */
const SCREENSHOT_DIR = fileURLToPath(new URL('../../../../test-output/web-ui/', import.meta.url));

let dir: string;
let server: ServeProcess;
let browser: Browser;

before(async () => {
  if (!existsSync(CHROMIUM)) return;
  dir = await mkdtemp(join(tmpdir(), 'stereo-spot-browser-'));
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  // A catalogue model in this server's cache (a small one the test builds: depth = the red channel), as
  // `stereo-spot models fetch da-v2-small` leaves it.
  await mkdir(join(dir, 'models'));
  await writeFile(join(dir, 'models', 'da-v2-small.onnx'), channelModel({ channel: 0 }));
  // One-second segments, so the small clip is cut into several.
  server = await startServe({ dataDir: join(dir, 'data'), env: { CHUNK_SEGMENT_DURATION_SEC: '1', STEREO_SPOT_MODEL_DIR: join(dir, 'models') } });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
  });
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

test('in a real browser: create a job, upload with a moving progress bar, watch it complete, play it, see the preview', { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (./scripts/setup.sh installs it)` }, async () => {
  const clip = join(dir, 'holiday.mp4');
  await generateClip({ path: clip, durationSec: 4, width: 320, height: 180, fps: 25, gop: 25, audioTracks: 1 });

  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });

  await page.goto(server.base);
  await shot(page, '1-dashboard');
  await page.selectOption('#format', 'sbs-full');
  await page.fill('#divergence', '2.5');
  await Promise.all([page.waitForURL(/\/jobs\/[0-9a-f-]{36}\/upload$/), page.click('button[type=submit]')]);
  const jobId = /\/jobs\/([0-9a-f-]{36})\/upload$/.exec(page.url())?.[1];
  assert.ok(jobId);

  // A slow uplink, so the bar has time to move; the values it takes are sampled from the page.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 64 * 1024 });
  await page.setInputFiles('#file', clip);
  await page.waitForFunction(() => !(document.getElementById('upload-start') as HTMLButtonElement).disabled);
  await page.click('#upload-start');
  const seen = new Set<number>();
  let midShot = false;
  const uploadDeadline = Date.now() + 90_000;
  while (!page.url().endsWith(`/jobs/${jobId}`)) {
    if (Date.now() > uploadDeadline) assert.fail(`upload did not finish: ${await page.textContent('#upload-status').catch(() => '?')}`);
    const value = await page.evaluate(() => (document.getElementById('upload-progress') as HTMLProgressElement | null)?.value ?? 100).catch(() => 100);
    seen.add(value);
    if (!midShot && value > 0 && value < 100) {
      await shot(page, '2-uploading');
      midShot = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  const moving = [...seen].filter((value) => value > 0 && value < 100);
  assert.ok(moving.length >= 2, `progress values seen: ${[...seen].join(', ')}`);

  await page.waitForURL(new RegExp(`/jobs/${jobId}$`));
  // Converting, with at least one segment done (or already completed on a fast machine).
  await page.waitForSelector('.job-progress[data-status="completed"], .job-progress[data-status="chunking_complete"]:not(:has(progress[value="0"]))', { timeout: 180_000 });
  await shot(page, '3-job-in-progress');
  await page.waitForSelector('.job-progress[data-status="completed"]', { timeout: 180_000 });
  assert.match((await page.textContent('#job-progress')) ?? '', /Completed/);
  await shot(page, '4-job-completed');

  await Promise.all([page.waitForURL(new RegExp(`/jobs/${jobId}/play$`)), page.click('text=Play the 3D video')]);
  await page.waitForFunction(() => (document.getElementById('player') as HTMLVideoElement).readyState >= 3, undefined, { timeout: 30_000 });
  await page.evaluate(() => {
    const video = document.getElementById('player') as HTMLVideoElement;
    video.muted = true;
    return video.play();
  });
  await page.waitForFunction(() => (document.getElementById('player') as HTMLVideoElement).currentTime > 1, undefined, { timeout: 30_000 });
  const drawn = await page.evaluate(() => {
    const canvas = document.getElementById('preview') as HTMLCanvasElement;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let red = 0;
    let cyan = 0;
    for (let i = 0; i < data.length; i += 4) {
      red += data[i]!;
      cyan += data[i + 1]! + data[i + 2]!;
    }
    const pixels = data.length / 4;
    return { frames: Number(canvas.dataset.frames), width: canvas.width, height: canvas.height, red: red / pixels, cyan: cyan / pixels / 2 };
  });
  assert.ok(drawn.frames > 5, JSON.stringify(drawn));
  assert.equal(drawn.width / drawn.height, 320 / 180);
  assert.ok(drawn.red > 10 && drawn.cyan > 10, `anaglyph channels: ${JSON.stringify(drawn)}`);
  await page.evaluate(() => (document.getElementById('player') as HTMLVideoElement).pause());
  await shot(page, '5-play-anaglyph');
  await page.selectOption('#preview-mode', 'cross');
  await shot(page, '6-play-cross-eyed');

  await page.goto(`${server.base}/jobs`);
  await shot(page, '7-completed-jobs');
  await page.goto(server.base);
  await shot(page, '8-dashboard-after');
  assert.deepEqual(problems, []);
  await context.close();
});

test('in a real browser: the depth list offers the fetched model with its licence; a job made with it converts', { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (./scripts/setup.sh installs it)` }, async () => {
  const clip = join(dir, 'street.mp4');
  await generateClip({ path: clip, durationSec: 2, width: 160, height: 90, fps: 25, gop: 25 });
  const page = await browser.newPage();
  await page.goto(server.base);
  const offered = await page.$$eval('#depth option', (options) => options.map((option) => `${(option as HTMLOptionElement).value}: ${option.textContent}`));
  assert.deepEqual(offered, ['heuristic: Heuristic (fast, no model file)', 'da-v2-small: Depth Anything V2 Small (ViT-S, 25M parameters): Apache-2.0, slower']);
  await page.selectOption('#depth', 'da-v2-small');
  await Promise.all([page.waitForURL(/\/jobs\/[0-9a-f-]{36}\/upload$/), page.click('button[type=submit]')]);
  await page.setInputFiles('#file', clip);
  await page.waitForFunction(() => !(document.getElementById('upload-start') as HTMLButtonElement).disabled);
  await page.click('#upload-start');
  await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/, { timeout: 60_000 });
  await page.waitForSelector('.job-progress[data-status="completed"], .job-progress[data-status="failed"]', { timeout: 120_000 });
  assert.match((await page.textContent('#job-progress')) ?? '', /Completed/);
  assert.match((await page.textContent('body')) ?? '', /Depth\s*Depth Anything V2 Small/);
  await page.close();
});

test('in a real browser: Cancel asks first; dismissed nothing happens, accepted the job ends cancelled', { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (./scripts/setup.sh installs it)` }, async () => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(server.base);
  await page.selectOption('#format', 'anaglyph-dubois');
  await Promise.all([page.waitForURL(/\/jobs\/[0-9a-f-]{36}\/upload$/), page.click('button[type=submit]')]);
  const jobId = /\/jobs\/([0-9a-f-]{36})\/upload$/.exec(page.url())?.[1];
  assert.ok(jobId);
  await page.goto(`${server.base}/jobs/${jobId}`);

  const dialogs: string[] = [];
  page.once('dialog', (dialog) => void (dialogs.push(dialog.message()), dialog.dismiss()));
  await page.click('form.cancel-job button');
  assert.match(dialogs[0] ?? '', /Cancel this job\?/);
  await page.waitForTimeout(500);
  assert.equal(page.url(), `${server.base}/jobs/${jobId}`);
  const view = (await (await page.request.get(`${server.base}/api/jobs/${jobId}`)).json()) as { status: string };
  assert.equal(view.status, 'created', 'dismissed: nothing sent');

  page.once('dialog', (dialog) => void dialog.accept());
  await Promise.all([page.waitForLoadState('load'), page.click('form.cancel-job button')]);
  await page.waitForSelector('.job-progress[data-status="cancelled"]');
  assert.equal(await page.locator('form.cancel-job').count(), 0);
  await shot(page, '9-cancelled');
  assert.deepEqual(problems, []);
  await context.close();
});

test('in a real browser on a phone: a preview first, then the whole video from its page without a new upload; the job list dismisses and deletes', { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (./scripts/setup.sh installs it)` }, async () => {
  const clip = join(dir, 'beach walk.mp4');
  await generateClip({ path: clip, durationSec: 6, width: 320, height: 180, fps: 25, gop: 25, audioTracks: 1 });
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => void dialog.accept());
  const fitsTheScreen = async (where: string) => {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `${where}: the page is ${width} px wide on a 390 px screen`);
  };

  await page.goto(server.base);
  await fitsTheScreen('dashboard');
  await page.click('.format-help summary');
  assert.equal(await page.locator('.format-gallery img').count(), 9);
  await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLImageElement>('.format-gallery img')).every((img) => img.complete && img.naturalWidth === 240));
  await shot(page, 'phone-1-format-help');
  await page.selectOption('#format', 'sbs-half');
  await page.fill('#preview_seconds', '2');
  await Promise.all([page.waitForURL(/\/upload$/), page.click('form.job-form button[type=submit]')]);
  await page.setInputFiles('#file', clip);
  await page.waitForFunction(() => !(document.getElementById('upload-start') as HTMLButtonElement).disabled);
  await Promise.all([page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/, { timeout: 60_000 }), page.click('#upload-start')]);
  const previewId = /\/jobs\/([0-9a-f-]{36})$/.exec(page.url())?.[1];
  assert.match((await page.textContent('h1')) ?? '', /beach walk\.mp4/, 'the job is named after the file');
  await page.waitForSelector('.job-progress[data-status="completed"]', { timeout: 180_000 });
  await Promise.all([page.waitForURL(/\/play$/), page.click('text=Play the 3D video')]);
  assert.match((await page.textContent('#download')) ?? '', /beach walk-preview_3dh\.mp4/);
  const duration = await page.evaluate(() => new Promise<number>((resolve) => {
    const video = document.getElementById('player') as HTMLVideoElement;
    if (video.readyState >= 1) resolve(video.duration);
    else video.addEventListener('loadedmetadata', () => resolve(video.duration), { once: true });
  }));
  assert.ok(Math.abs(duration - 2) < 0.2, `the preview lasts ${duration} s`);
  await fitsTheScreen('play page of the preview');
  await shot(page, 'phone-2-preview');

  await page.fill('#again-divergence', '3');
  await Promise.all([page.waitForURL((url) => /\/jobs\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.includes(previewId!)), page.click('button[name=whole][value=true]')]);
  const wholeId = /\/jobs\/([0-9a-f-]{36})$/.exec(page.url())?.[1];
  await page.waitForSelector('.job-progress[data-status="completed"]', { timeout: 180_000 });
  await Promise.all([page.waitForURL(/\/play$/), page.click('text=Play the 3D video')]);
  assert.match((await page.textContent('#download')) ?? '', /beach walk_3dh\.mp4/);
  const wholeDuration = await page.evaluate(() => new Promise<number>((resolve) => {
    const video = document.getElementById('player') as HTMLVideoElement;
    if (video.readyState >= 1) resolve(video.duration);
    else video.addEventListener('loadedmetadata', () => resolve(video.duration), { once: true });
  }));
  assert.ok(Math.abs(wholeDuration - 6) < 0.2, `the whole video lasts ${wholeDuration} s`);

  await page.goto(server.base);
  const rows = page.locator('.active-jobs > li');
  assert.equal(await rows.first().locator('a').first().textContent(), 'beach walk.mp4');
  assert.ok((await rows.count()) >= 2);
  await fitsTheScreen('dashboard with jobs');
  await shot(page, 'phone-3-your-jobs');
  await Promise.all([page.waitForURL(/\/$/), page.locator(`form[action="/jobs/${previewId}/dismiss"] button`).click()]);
  assert.equal(await page.locator(`.active-jobs a[href="/jobs/${previewId}"]`).count(), 0, "dismissed from the list");
  await Promise.all([page.waitForURL(/\/$/), page.locator(`form[action="/jobs/${wholeId}/delete"] button`).click()]);
  assert.equal((await page.request.get(`${server.base}/api/jobs/${wholeId}`)).status(), 404, 'deleted');
  assert.equal((await page.request.get(`${server.base}/api/jobs/${previewId}`)).status(), 200, 'dismissed, not deleted');
  await page.goto(`${server.base}/jobs`);
  await fitsTheScreen('completed jobs');
  await shot(page, 'phone-4-completed-jobs');
  assert.deepEqual(problems, []);
  await context.close();
});
