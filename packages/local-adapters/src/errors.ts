// The error lives in shared-types so that every ObjectStorage adapter throws the same class.
export { ObjectTooLargeError } from '@stereo-spot/shared-types';
