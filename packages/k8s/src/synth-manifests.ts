import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, YamlOutputType } from 'cdk8s';
import { addStereoSpotCharts } from './stereo-spot-charts.js';

/**
 * Writes the manifests into `outdir` (replacing its YAML): one file per chart and a kustomization.yaml listing
 * them, the folder Argo CD deploys (the Application maps image names and regions through kustomize).
 */
export function synthManifests({ outdir }: { outdir: string }): string[] {
  mkdirSync(outdir, { recursive: true });
  for (const file of readdirSync(outdir)) if (file.endsWith('.yaml')) rmSync(join(outdir, file));
  const app = new App({ outdir, outputFileExtension: '.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });
  addStereoSpotCharts(app);
  app.synth();
  const files = readdirSync(outdir).filter((f) => f.endsWith('.yaml')).sort();
  const kustomization = ['# Written by packages/k8s (npm run synth -w @stereo-spot/k8s); do not edit.', 'apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'resources:', ...files.map((f) => `  - ${f}`), ''].join('\n');
  writeFileSync(join(outdir, 'kustomization.yaml'), kustomization);
  return [...files, 'kustomization.yaml'].sort();
}
