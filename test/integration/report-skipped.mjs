// Jest global setup for `npm run test:integration`: one clear line per suite left out.
// The hints connect from the host to the compose stack's MongoDB: its replica set member is named
// mongo:27017, which only the containers resolve, so the host talks to it with directConnection=true.
const MONGO = 'e.g. mongodb://localhost:27017/tsp_it?directConnection=true';
const SUITES = [
  ['EVENTSTORE_URL', 'EventStoreDB event store contract', 'e.g. esdb://localhost:2113?tls=false'],
  ['MONGODB_URL', 'MongoDB read store contract', `commits are transactions, so a replica set: ${MONGO}`],
  ['MONGODB_URL', 'MongoDB operational stores contract', MONGO],
  ['EVENTSTORE_URL', 'HTTP end to end on EventStoreDB and MongoDB (needs MONGODB_URL too)', 'set both URLs'],
  ['EVENTSTORE_URL', 'the change stream on EventStoreDB, RUN_PROJECTOR=false (needs MONGODB_URL too)', 'set both URLs'],
  ['EVENTSTORE_URL', 'failover: the API plus two projector processes racing for the lease, one killed with SIGKILL (needs MONGODB_URL too)', 'set both URLs'],
];

export default function reportSkipped() {
  for (const [variable, suite, hint] of SUITES) {
    if (process.env[variable]) process.stdout.write(`\n[integration] running ${suite} against ${variable}\n`);
    else process.stdout.write(`\n[integration] SKIPPED ${suite}: ${variable} is not set (${hint})\n`);
  }
}
