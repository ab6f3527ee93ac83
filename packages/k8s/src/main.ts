import { fileURLToPath } from 'node:url';
import { synthManifests } from './synth-manifests.js';

/** `npm run synth -w @stereo-spot/k8s`: writes the repository's deploy/ folder. */
const outdir = fileURLToPath(new URL('../../../deploy', import.meta.url));
for (const file of synthManifests({ outdir })) console.log(`deploy/${file}`);
