import { z } from 'zod';
import { InvalidMessageError } from './errors.js';
import { jobIdSchema } from './job.js';

/** Body of a reassembly queue message: `{"job_id"}`. */
export const reassemblyPayloadSchema = z.object({ job_id: jobIdSchema });
export type ReassemblyPayload = z.infer<typeof reassemblyPayloadSchema>;

export function buildReassemblyPayload(jobId: string): string {
  return JSON.stringify(reassemblyPayloadSchema.parse({ job_id: jobId }));
}

export function parseReassemblyPayload(body: string): ReassemblyPayload {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new InvalidMessageError('reassembly message body is not JSON');
  }
  const parsed = reassemblyPayloadSchema.safeParse(json);
  if (!parsed.success) throw new InvalidMessageError(`reassembly message is not {"job_id": <uuid>}: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}
