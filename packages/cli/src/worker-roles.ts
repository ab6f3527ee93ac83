/** The `stereo-spot worker <role>` choices, apart from the workers themselves so the command line loads neither. */
export const WORKER_ROLES = ['chunking', 'reassembly', 'video', 'all'] as const;
export type WorkerRole = (typeof WORKER_ROLES)[number];
