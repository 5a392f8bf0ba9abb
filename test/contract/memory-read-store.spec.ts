import { MemoryReadStore } from '#libs/read-models';
import { readStoreContract } from './read-store.contract.js';

readStoreContract('in memory', async () => new MemoryReadStore());
