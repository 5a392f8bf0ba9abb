// Serves the API: the embedded default (SQLite file under DATA_DIR) unless EVENTSTORE_URL and
// MONGODB_URL are set.
import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { loadConfig, resolveJwtSecret, SystemClock } from '#libs/platform';
import { createApp } from './app.js';
import { openEmbeddedStores } from './infrastructure/embedded-stores.js';

async function main(): Promise<void> {
  const { config, errors } = loadConfig();
  if (errors.length) {
    for (const line of errors) console.error(`config: ${line}`);
    process.exit(2);
  }
  mkdirSync(config.dataDir, { recursive: true });
  const clock = new SystemClock(config.clockOffsetMs);
  const secret = resolveJwtSecret(config.jwtSecret, config.dataDir);
  if (secret.file)
    console.log(
      `auth: AUTH_JWT_SECRET is not set; using the secret ${secret.created ? 'created' : 'kept'} in ${secret.file}. ` +
        'Mint a token with: npm run token -- --role seller --sub shop-1 --market US_L2L',
    );
  const stores = openEmbeddedStores(config.dataDir);
  const app = await createApp({ config, clock, ...stores, jwtSecret: secret.secret });
  app.getHttpAdapter().getInstance().addHook('onClose', async () => stores.close());
  await app.listen(config.port, config.host);
  console.log(`listening on http://${config.host}:${config.port}`);
}

void main();
