#!/usr/bin/env bash
# One-time set-up of a fresh machine: ffmpeg/ffprobe, Chromium, the AWS CLI and jq (Debian packages), promtool and
# the npm dependencies, then compiles the CLI (`npm run build`).
# Safe to run again. FFMPEG_PATH / FFPROBE_PATH point stereo-spot at other binaries if you have them.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages, installed only when missing: ffmpeg/ffprobe for the media work, Chromium for the web UI's
# browser test (CHROMIUM_PATH points the test at another build).
APT_PACKAGES=()
if ! command -v "${FFMPEG_PATH:-ffmpeg}" >/dev/null 2>&1 || ! command -v "${FFPROBE_PATH:-ffprobe}" >/dev/null 2>&1; then
  APT_PACKAGES+=(ffmpeg)
fi
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  APT_PACKAGES+=(chromium)
fi
# The AWS CLI and jq: the runbooks' by-hand AWS steps are run as written against the emulators (docs/RUNBOOKS.md).
if ! command -v aws >/dev/null 2>&1; then
  APT_PACKAGES+=(awscli)
fi
if ! command -v jq >/dev/null 2>&1; then
  APT_PACKAGES+=(jq)
fi
if [ "${#APT_PACKAGES[@]}" -gt 0 ]; then
  echo "setup: installing ${APT_PACKAGES[*]} (Debian packages)"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${APT_PACKAGES[@]}"
fi

# promtool checks and unit-tests the alert rules (packages/k8s/test/alert-rules.test.ts). Only that binary, from the
# Debian package prometheus: installing the package would also start a Prometheus server (init script or unit).
if ! command -v promtool >/dev/null 2>&1; then
  echo "setup: installing promtool (from the Debian package prometheus)"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  PROMTOOL_TMP="$(mktemp -d)"
  if ! (cd "$PROMTOOL_TMP" && apt-get download -q prometheus); then
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
    (cd "$PROMTOOL_TMP" && apt-get download -q prometheus)
  fi
  dpkg-deb --fsys-tarfile "$PROMTOOL_TMP"/prometheus_*.deb | tar -x -C "$PROMTOOL_TMP" ./usr/bin/promtool
  $SUDO install -m 0755 "$PROMTOOL_TMP/usr/bin/promtool" /usr/local/bin/promtool
  rm -rf "$PROMTOOL_TMP"
fi

echo "setup: installing npm dependencies"
npm ci --no-fund --no-audit
# The CLI (and its worker threads) start from JavaScript compiled into packages/cli/dist; bin/stereo-spot.js
# compiles again by itself when a source is newer.
echo "setup: compiling the CLI"
npm run build --silent
echo "setup: done ($("${FFMPEG_PATH:-ffmpeg}" -version | head -1))"
