import { after, before } from 'node:test';
import { openAwsBackend } from '@stereo-spot/aws-adapters';
import { portContractSuite } from '@stereo-spot/test-kit';
import { createAwsTestStack, startAwsEmulators, type AwsEmulators } from '../../src/index.ts';

// The port contract the embedded backend also passes (local-adapters/test/port-contract.test.ts), here on
// DynamoDB Local + fauxqs: one emulator set for the file, one fresh stack of tables/queues/buckets per test.
let emulators: AwsEmulators;
before(async () => {
  emulators = await startAwsEmulators();
});
after(async () => {
  await emulators?.stop();
});

portContractSuite({
  name: 'aws',
  async open({ maxReceiveCount }) {
    const stack = await createAwsTestStack({ emulators, maxReceiveCount });
    const backend = await openAwsBackend({ config: stack.config });
    return {
      backend,
      async cleanup() {
        await backend.close();
        await stack.dispose();
      },
    };
  },
});
