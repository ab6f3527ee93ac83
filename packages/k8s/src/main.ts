import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MONITORING_DIR, synthMonitoring } from './monitoring-manifests.js';
import { synthManifests } from './synth-manifests.js';

/** `npm run synth -w @stereo-spot/k8s`: writes the repository's deploy/ folder and its monitoring/ folder. */
const outdir = fileURLToPath(new URL('../../../deploy', import.meta.url));
for (const file of synthManifests({ outdir })) console.log(`deploy/${file}`);
for (const file of synthMonitoring({ outdir: join(outdir, MONITORING_DIR) })) console.log(`deploy/${MONITORING_DIR}/${file}`);
