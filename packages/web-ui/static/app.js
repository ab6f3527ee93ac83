// stereo-spot pages: live progress, direct-to-storage upload with a progress bar, the 3D preview canvas.
// Plain browser JavaScript, no build step; the pages work without it except for these three features.
/* global document, window, fetch, XMLHttpRequest, FormData, URLSearchParams, requestAnimationFrame, setTimeout */
'use strict';

/** Swaps in server-rendered fragments until they say they are final. */
function startPolling(element) {
  const url = element.dataset.poll;
  const interval = Number(element.dataset.pollMs) || 2000;
  let failures = 0;
  async function tick() {
    try {
      const response = await fetch(url, { credentials: 'same-origin', headers: { accept: 'text/html' } });
      if (!response.ok) throw new Error(String(response.status));
      const text = await response.text();
      if (text !== element.innerHTML) element.innerHTML = text;
      failures = 0;
    } catch {
      failures += 1;
    }
    const root = element.firstElementChild;
    if (root && root.dataset && root.dataset.final === 'true') return;
    setTimeout(tick, interval * Math.min(8, 2 ** failures));
  }
  const root = element.firstElementChild;
  if (!(root && root.dataset && root.dataset.final === 'true')) setTimeout(tick, interval);
}

function formatBytes(bytes) {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

const VIDEO_EXTENSIONS = /\.(mp4|m4v|mov|mkv|webm|avi|mpe?g|ts|m2ts|3gp)$/i;

/** Sends the chosen file straight to storage with the page's upload instructions, showing progress. */
function startUpload(section) {
  const input = document.getElementById('file');
  const button = document.getElementById('upload-start');
  const bar = document.getElementById('upload-progress');
  const status = document.getElementById('upload-status');
  const instructions = JSON.parse(document.getElementById('upload-instructions').textContent);
  const maxBytes = Number(section.dataset.maxBytes);
  const say = (text, isError) => {
    status.textContent = text;
    status.classList.toggle('error', Boolean(isError));
  };

  input.addEventListener('change', () => {
    const file = input.files && input.files[0];
    button.disabled = true;
    if (!file) return say('Choose a video file.');
    const isVideo = file.type ? file.type.startsWith('video/') : VIDEO_EXTENSIONS.test(file.name);
    if (!isVideo) return say(`"${file.name}" is not a video file.`, true);
    if (file.size > maxBytes) return say(`"${file.name}" is ${formatBytes(file.size)}; the limit is ${formatBytes(maxBytes)}.`, true);
    button.disabled = false;
    say(`${file.name} · ${formatBytes(file.size)}: ready to upload.`);
  });

  button.addEventListener('click', async () => {
    const file = input.files && input.files[0];
    if (!file) return;
    button.disabled = true;
    input.disabled = true;
    // The result is named after the file; a failure here only costs the name, never the upload.
    try {
      await fetch(section.dataset.nameUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: section.dataset.csrf, filename: file.name }),
      });
    } catch {
      // Named after the job id instead.
    }
    const xhr = new XMLHttpRequest();
    xhr.open(instructions.method, instructions.url);
    let body = file;
    if (instructions.method === 'PUT') {
      for (const [name, value] of Object.entries(instructions.headers || {})) xhr.setRequestHeader(name, value);
    } else {
      body = new FormData();
      for (const [name, value] of Object.entries(instructions.fields || {})) body.append(name, value);
      body.append('file', file);
    }
    const started = Date.now();
    xhr.upload.addEventListener('progress', (event) => {
      if (!event.lengthComputable) return;
      const percent = Math.floor((event.loaded / event.total) * 100);
      bar.value = percent;
      bar.textContent = `${percent}%`;
      const seconds = (Date.now() - started) / 1000;
      const rate = seconds > 0 ? event.loaded / seconds : 0;
      say(`Uploading… ${percent}% (${formatBytes(event.loaded)} of ${formatBytes(event.total)}${rate > 0 ? `, ${formatBytes(rate)}/s` : ''})`);
    });
    xhr.addEventListener('load', () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        bar.value = 100;
        say('Uploaded. Opening the job…');
        window.location.assign(section.dataset.jobUrl);
        return;
      }
      let message = `the storage answered ${xhr.status}`;
      try {
        message = JSON.parse(xhr.responseText).error.message;
      } catch {
        // S3 answers XML; the status says enough.
      }
      say(`Upload failed: ${message}`, true);
      input.disabled = false;
      button.disabled = false;
    });
    xhr.addEventListener('error', () => {
      say('Upload failed: the connection was lost. Try again.', true);
      input.disabled = false;
      button.disabled = false;
    });
    say('Uploading… 0%');
    xhr.send(body);
  });
}

/** Where each eye lies in a frame, and the size it is shown at. */
function eyeGeometry(video, canvas) {
  const w = video.videoWidth;
  const h = video.videoHeight;
  const horizontal = canvas.dataset.split === 'horizontal';
  const first = horizontal ? { x: 0, y: 0, w: w / 2, h } : { x: 0, y: 0, w, h: h / 2 };
  const second = horizontal ? { x: w / 2, y: 0, w: w / 2, h } : { x: 0, y: h / 2, w, h: h / 2 };
  const squeezed = canvas.dataset.squeezed === 'true';
  const eyeW = horizontal && squeezed ? w : first.w;
  const eyeH = !horizontal && squeezed ? h : first.h;
  return canvas.dataset.leftEye === 'first' ? { left: first, right: second, eyeW, eyeH } : { left: second, right: first, eyeW, eyeH };
}

/**
 * Redraws the playing frame: red/cyan anaglyph (left eye in red, right eye in cyan, by compositing, which also
 * works for a video from another origin), a cross-eyed pair (right eye on the left), or one eye.
 */
function startPreview(canvas, video, modeSelect) {
  const ctx = canvas.getContext('2d');
  const scratch = document.createElement('canvas');
  const scratchCtx = scratch.getContext('2d');
  let frames = 0;

  function draw() {
    if (video.readyState < 2 || !video.videoWidth) return;
    const { left, right, eyeW, eyeH } = eyeGeometry(video, canvas);
    const mode = modeSelect.value;
    const scale = Math.min(1, (mode === 'cross' ? 1280 : 960) / (mode === 'cross' ? 2 * eyeW : eyeW));
    const W = Math.round(eyeW * scale);
    const H = Math.round(eyeH * scale);
    const width = mode === 'cross' ? 2 * W : W;
    if (canvas.width !== width || canvas.height !== H) {
      canvas.width = width;
      canvas.height = H;
    }
    ctx.globalCompositeOperation = 'copy';
    if (mode === 'cross') {
      ctx.drawImage(video, right.x, right.y, right.w, right.h, 0, 0, W, H);
      ctx.globalCompositeOperation = 'source-over';
      ctx.drawImage(video, left.x, left.y, left.w, left.h, W, 0, W, H);
    } else if (mode === 'left') {
      ctx.drawImage(video, left.x, left.y, left.w, left.h, 0, 0, W, H);
    } else {
      if (scratch.width !== W || scratch.height !== H) {
        scratch.width = W;
        scratch.height = H;
      }
      ctx.drawImage(video, left.x, left.y, left.w, left.h, 0, 0, W, H);
      ctx.globalCompositeOperation = 'multiply';
      ctx.fillStyle = '#ff0000';
      ctx.fillRect(0, 0, W, H);
      scratchCtx.globalCompositeOperation = 'copy';
      scratchCtx.drawImage(video, right.x, right.y, right.w, right.h, 0, 0, W, H);
      scratchCtx.globalCompositeOperation = 'multiply';
      scratchCtx.fillStyle = '#00ffff';
      scratchCtx.fillRect(0, 0, W, H);
      ctx.globalCompositeOperation = 'lighter';
      ctx.drawImage(scratch, 0, 0);
    }
    ctx.globalCompositeOperation = 'source-over';
    frames += 1;
    canvas.dataset.frames = String(frames);
  }

  function loop() {
    draw();
    if (!video.paused && !video.ended) requestAnimationFrame(loop);
  }
  video.addEventListener('play', () => requestAnimationFrame(loop));
  for (const event of ['loadeddata', 'seeked', 'pause']) video.addEventListener(event, draw);
  modeSelect.addEventListener('change', draw);
  draw();
}

// Delegated: the forms that ask first (cancelling a job) may arrive later, inside a polled fragment.
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (form && form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) event.preventDefault();
});

document.addEventListener('DOMContentLoaded', () => {
  for (const element of document.querySelectorAll('.bytes[data-bytes]')) element.textContent = formatBytes(Number(element.dataset.bytes));
  for (const element of document.querySelectorAll('[data-poll]')) startPolling(element);
  const upload = document.getElementById('upload');
  if (upload) startUpload(upload);
  const canvas = document.getElementById('preview');
  const video = document.getElementById('player');
  const mode = document.getElementById('preview-mode');
  if (canvas && video && mode) startPreview(canvas, video, mode);
});
