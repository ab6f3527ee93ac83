import { portContractSuite } from '@stereo-spot/test-kit';
import { openTempBackend } from './helpers.ts';

// The same suite runs on the AWS adapters against emulators (packages/integration).
portContractSuite({
  name: 'local',
  async open({ maxReceiveCount }) {
    const { backend, cleanup } = await openTempBackend({ maxReceiveCount });
    return { backend, cleanup };
  },
});
