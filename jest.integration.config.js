// Integration suites: the adapter contracts against real EventStoreDB and MongoDB servers, named
// *.int-spec.ts so that `npm test` leaves them out. Same ESM/swc setup as jest.config.js.
// Each suite runs only when its server's URL is set (EVENTSTORE_URL, MONGODB_URL) and is
// otherwise skipped, visibly: the global setup prints what was skipped and why.
import base from './jest.config.js';

export default {
  ...base,
  testMatch: ['**/*.int-spec.ts'],
  globalSetup: '<rootDir>/test/integration/report-skipped.mjs',
  testTimeout: 60_000,
};
