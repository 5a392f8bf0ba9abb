// Jest global setup for `npm run test:integration`: one clear line per suite left out.
const SUITES = [
  ['EVENTSTORE_URL', 'EventStoreDB event store contract', 'e.g. esdb://localhost:2113?tls=false'],
  ['MONGODB_URL', 'MongoDB read store contract', 'commits are transactions, so a replica set: e.g. mongodb://localhost:27017/?replicaSet=rs0'],
  ['MONGODB_URL', 'MongoDB operational stores contract', 'e.g. mongodb://localhost:27017/?replicaSet=rs0'],
  ['EVENTSTORE_URL', 'HTTP end to end on EventStoreDB and MongoDB (needs MONGODB_URL too)', 'set both URLs'],
  ['EVENTSTORE_URL', 'the change stream on EventStoreDB, RUN_PROJECTOR=false (needs MONGODB_URL too)', 'set both URLs'],
];

export default function reportSkipped() {
  for (const [variable, suite, hint] of SUITES) {
    if (process.env[variable]) process.stdout.write(`\n[integration] running ${suite} against ${variable}\n`);
    else process.stdout.write(`\n[integration] SKIPPED ${suite}: ${variable} is not set (${hint})\n`);
  }
}
