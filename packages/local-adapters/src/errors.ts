import { PermanentError } from '@stereo-spot/shared-types';

/** A `putStream` body went past its `maxBytes`; nothing was stored. */
export class ObjectTooLargeError extends PermanentError {}
