#!/usr/bin/env bash
# One-time set-up of a fresh machine: ffmpeg/ffprobe (Debian packages) and the npm dependencies.
# Safe to run again. FFMPEG_PATH / FFPROBE_PATH point stereo-spot at other binaries if you have them.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v "${FFMPEG_PATH:-ffmpeg}" >/dev/null 2>&1 || ! command -v "${FFPROBE_PATH:-ffprobe}" >/dev/null 2>&1; then
  echo "setup: installing ffmpeg (Debian package)"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ffmpeg
fi

echo "setup: installing npm dependencies"
npm ci --no-fund --no-audit
echo "setup: done ($("${FFMPEG_PATH:-ffmpeg}" -version | head -1))"
