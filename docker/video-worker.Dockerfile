# syntax=docker/dockerfile:1
# Video workers (`stereo-spot worker video`) on a GPU: CUDA 12 + cuDNN 9 runtime, ffmpeg, Node.js, and
# onnxruntime-node with its CUDA execution provider. The depth model is baked in from docker/models/depth.onnx
# when present, or mounted at /models/depth.onnx. Build from the repository root:
#   docker build -f docker/video-worker.Dockerfile -t stereo-spot/video-worker .
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

FROM ${NODE_IMAGE} AS node

FROM ${CUDA_IMAGE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=node /usr/local/bin/node /usr/local/bin/node
WORKDIR /app
# The image is built for GPU nodes: onnx jobs run on CUDA (set STEREO_DEPTH_EXECUTION_PROVIDER=cpu to override).
ENV NODE_ENV=production HOME=/tmp STEREO_DEPTH_MODEL=/models/depth.onnx STEREO_DEPTH_EXECUTION_PROVIDER=cuda NVIDIA_DRIVER_CAPABILITIES=compute,utility,video
COPY --from=deps /app /app
COPY --from=deps /models /models
USER 10001:10001
ENTRYPOINT ["node", "packages/cli/bin/stereo-spot.js"]
CMD ["worker", "video"]
