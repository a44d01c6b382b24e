import { createStoreHarness } from './store-harness';
import { describeStoreContract } from './store-contract';
import { describeAdjustmentContract } from './adjustment-contract';
import { describeSweeperContract } from './sweeper-contract';

// 300 runs of up to 40 commands: about 6,000 steps, every one checked against the model.
describeStoreContract('in-memory', () => createStoreHarness({ kind: 'in-memory' }), {
  modelRuns: 300,
});

describeSweeperContract('in-memory', () => createStoreHarness({ kind: 'in-memory' }));
describeAdjustmentContract('in-memory', () => createStoreHarness({ kind: 'in-memory' }));
