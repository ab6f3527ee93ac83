import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { OUTPUT_FORMATS } from '@stereo-spot/shared-types';

const ASSETS = { 'app.js': 'text/javascript; charset=utf-8', 'app.css': 'text/css; charset=utf-8' } as const;

/** The page script and stylesheet, read once at start (two small files: no static-file plugin needed). */
export async function staticRoutes(app: FastifyInstance): Promise<void> {
  for (const [name, type] of Object.entries(ASSETS)) {
    const body = await readFile(new URL(`../static/${name}`, import.meta.url));
    app.get(`/static/${name}`, async (_request, reply) => reply.type(type).header('cache-control', 'public, max-age=300').send(body));
  }
  // A picture of each layout for the form's format help (made by `npm run docs:layouts`).
  for (const format of OUTPUT_FORMATS) {
    const body = await readFile(new URL(`../static/layouts/${format}.jpg`, import.meta.url));
    app.get(`/static/layouts/${format}.jpg`, async (_request, reply) => reply.type('image/jpeg').header('cache-control', 'public, max-age=3600').send(body));
  }
}
