import type { z } from 'zod';

/**
 * A validation problem in words a person reads in a form or an API error ("must be at most 10"), instead of
 * the validator's own ("Too big: expected number to be <=10").
 */
export function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_big':
      return issue.origin === 'string' ? `must be at most ${String(issue.maximum)} characters` : `must be at most ${String(issue.maximum)}`;
    case 'too_small':
      return issue.origin === 'string' ? `must not be empty` : `must be at least ${String(issue.minimum)}`;
    case 'invalid_type':
      // zod reports the input only when asked to; its message says when nothing was given.
      return /received undefined$/.test(issue.message) ? 'is required' : `must be a ${issue.expected}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
    default:
      return issue.message;
  }
}
