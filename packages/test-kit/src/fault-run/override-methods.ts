// How a test wraps a port without touching its adapter: the shared helper.
export { overrideMethods } from '@stereo-spot/shared-types';
