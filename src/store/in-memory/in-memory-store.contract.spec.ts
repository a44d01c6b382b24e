import { createStoreHarness } from '../../../test/support/store-harness';
import { describeStoreContract } from '../store.contract';

describeStoreContract('in-memory', () => createStoreHarness({ kind: 'in-memory' }));
