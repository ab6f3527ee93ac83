/** Logical buckets. Adapters map them to real names (AWS) or folders (embedded). */
export const BUCKETS = ['input', 'output'] as const;
export type Bucket = (typeof BUCKETS)[number];
