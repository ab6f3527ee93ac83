# syntax=docker/dockerfile:1
# Chunking and reassembly workers (`stereo-spot worker chunking|reassembly`), with Debian's ffmpeg. Build from
# the repository root:
#   docker build -f docker/media-worker.Dockerfile -t stereo-spot/media-worker .
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
COPY packages/ packages/
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
# The CLI and its worker threads start from JavaScript compiled here (packages/cli/dist), not from TypeScript
# compiled at every start.
RUN node packages/cli/scripts/build.js

FROM ${NODE_IMAGE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production HOME=/tmp
COPY --from=deps /app /app
USER 10001:10001
ENTRYPOINT ["node", "packages/cli/bin/stereo-spot.js"]
CMD ["worker", "chunking"]
