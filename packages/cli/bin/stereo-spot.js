#!/usr/bin/env node
// The packages are TypeScript run from source; tsx compiles them on the fly (no build step to forget).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
