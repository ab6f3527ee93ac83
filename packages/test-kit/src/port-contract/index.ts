import { deadLetterQueueContract } from './dead-letter-queue-contract.js';
import { jobStoreContract } from './job-store-contract.js';
import { objectStorageContract } from './object-storage-contract.js';
import type { PortContractTarget } from './port-contract-target.js';
import { queueContract } from './queue-contract.js';
import { reassemblyLockContract } from './reassembly-lock-contract.js';
import { segmentCompletionStoreContract } from './segment-completion-store-contract.js';

export type { PortContractTarget } from './port-contract-target.js';

/** The behaviour every adapter set promises through the ports; each adapter package runs it on its own backend. */
export function portContractSuite(target: PortContractTarget): void {
  jobStoreContract(target);
  segmentCompletionStoreContract(target);
  reassemblyLockContract(target);
  queueContract(target);
  deadLetterQueueContract(target);
  objectStorageContract(target);
}
