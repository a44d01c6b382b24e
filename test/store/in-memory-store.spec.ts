import { createStoreHarness } from './store-harness';
import { describeStoreContract } from './store-contract';

// 300 runs of up to 40 commands: about 6,000 steps, every one checked against the model.
describeStoreContract('in-memory', () => createStoreHarness({ kind: 'in-memory' }), {
  modelRuns: 300,
});
