# syntax=docker/dockerfile:1
# The web UI (`stereo-spot serve` with STORAGE_ADAPTER=aws). Build from the repository root:
#   docker build -f docker/web-ui.Dockerfile -t stereo-spot/web-ui .
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
COPY packages/ packages/
# Production dependencies only; no install scripts (onnxruntime-node's would download, and its CPU build is bundled).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
# The CLI and its worker threads start from JavaScript compiled here (packages/cli/dist), not from TypeScript
# compiled at every start.
RUN node packages/cli/scripts/build.js

FROM ${NODE_IMAGE}
WORKDIR /app
ENV NODE_ENV=production HOME=/tmp
COPY --from=deps /app /app
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["node", "packages/cli/bin/stereo-spot.js"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]
