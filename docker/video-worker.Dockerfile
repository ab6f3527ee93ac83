# syntax=docker/dockerfile:1
# Video workers (`stereo-spot worker video`) on a GPU: CUDA 12 + cuDNN 9 runtime, ffmpeg, Node.js, and
# onnxruntime-node with its CUDA execution provider. Depth models (docs/DEPLOY.md, "Depth models on the workers"):
# - a catalogue model fetched at build time and checked: --build-arg DEPTH_MODEL=da-v2-small, with
#   --build-arg DEPTH_MODEL_SHA256=<hex> where the catalogue pins none (a wrong file fails the build); jobs then
#   ask for it by name (`depth: da-v2-small`);
# - or files mounted at run time: a model cache folder at /models (<name>.onnx, as `stereo-spot models fetch`
#   writes it), or one model of your own at /models/depth.onnx for `depth: onnx` jobs (also baked in when
#   docker/models/depth.onnx is present).
# Build from the repository root:
#   docker build -f docker/video-worker.Dockerfile --build-arg DEPTH_MODEL=da-v2-small -t stereo-spot/video-worker .
ARG NODE_IMAGE=node:20.20.2-bookworm-slim
ARG CUDA_IMAGE=nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
COPY packages/ packages/
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 # The one install script this image runs: onnxruntime-node fetches its CUDA 12 provider libraries.
 && ONNXRUNTIME_NODE_INSTALL_CUDA=v12 node node_modules/onnxruntime-node/script/install.js
# The CLI and its worker threads start from JavaScript compiled here (packages/cli/dist), not from TypeScript
# compiled at every start.
RUN node packages/cli/scripts/build.js
COPY docker/models/ /models/
# The catalogue model named by DEPTH_MODEL, downloaded into /models and kept only if its size and SHA-256 check
# out. A non-commercial licence (da-v2-base, da-v2-large) also needs --build-arg DEPTH_MODEL_ACCEPT_LICENSE=1;
# DEPTH_MODEL_MIRROR fetches <mirror>/<name>.onnx instead (a build machine without direct internet; a plain-HTTP
# mirror also needs DEPTH_MODEL_ALLOW_HTTP=1, and should come with DEPTH_MODEL_SHA256).
ARG DEPTH_MODEL=""
ARG DEPTH_MODEL_SHA256=""
ARG DEPTH_MODEL_ACCEPT_LICENSE=""
ARG DEPTH_MODEL_MIRROR=""
ARG DEPTH_MODEL_ALLOW_HTTP=""
RUN if [ -n "$DEPTH_MODEL" ]; then \
      STEREO_SPOT_MODEL_DIR=/models STEREO_SPOT_MODEL_MIRROR="$DEPTH_MODEL_MIRROR" node packages/cli/bin/stereo-spot.js models fetch "$DEPTH_MODEL" \
        ${DEPTH_MODEL_SHA256:+--sha256 "$DEPTH_MODEL_SHA256"} ${DEPTH_MODEL_ACCEPT_LICENSE:+--accept-license} ${DEPTH_MODEL_ALLOW_HTTP:+--allow-http}; \
    fi

FROM ${NODE_IMAGE} AS node

FROM ${CUDA_IMAGE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=node /usr/local/bin/node /usr/local/bin/node
WORKDIR /app
# The image is built for GPU nodes: onnx jobs run on CUDA (set STEREO_DEPTH_EXECUTION_PROVIDER=cpu to override).
# Catalogue models are looked up in /models (STEREO_SPOT_MODEL_DIR), the `onnx` one at /models/depth.onnx.
ENV NODE_ENV=production HOME=/tmp STEREO_SPOT_MODEL_DIR=/models STEREO_DEPTH_MODEL=/models/depth.onnx STEREO_DEPTH_EXECUTION_PROVIDER=cuda NVIDIA_DRIVER_CAPABILITIES=compute,utility,video
COPY --from=deps /app /app
COPY --from=deps /models /models
USER 10001:10001
ENTRYPOINT ["node", "packages/cli/bin/stereo-spot.js"]
CMD ["worker", "video"]
