/** The web server of stereo-spot: pages, the JSON API, health checks, and the embedded backend's storage endpoint. */
export { buildWebApp } from './web-app.js';
export { RequestMetrics } from './request-metrics.js';
export type { WebAppOptions } from './web-app.js';
export { defaultWebUiConfig, readWebUiConfig } from './web-ui-config.js';
export type { WebUiConfig } from './web-ui-config.js';
export type { SignedObjectServer, SignedUrlVerdict } from './signed-object-server.js';
export type { WebBackend } from './job-service.js';
