/**
 * A JSON document CDK wrote into a template property (a Kubernetes manifest, Helm values), parsed. Values only
 * known at deploy time (`Fn::Join` parts, `Ref`s) become the string "<token>".
 */
export function parseCfnJson(value: unknown): unknown {
  if (typeof value === 'string') return JSON.parse(value);
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join) throw new Error(`not a JSON string or Fn::Join: ${JSON.stringify(value).slice(0, 200)}`);
  return JSON.parse(join[1].map((part) => (typeof part === 'string' ? part : '<token>')).join(join[0]));
}
