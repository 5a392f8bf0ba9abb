// npm run token -- --role seller --sub shop-1 --market US_L2L [--ttl 3600] [--console]
// Prints a bearer token signed with the configured secret: AUTH_JWT_SECRET, or the secret the
// embedded default keeps under DATA_DIR. The secret itself is never printed. With --console, the
// console's sign-in URL instead (PUBLIC_BASE_URL, else http://localhost:PORT, as the server uses).
import { parseArgs } from 'node:util';
import { MARKETS } from '#libs/domain';
import { loadConfig, ROLES, resolveJwtSecret, SystemClock, tokenSigner, type Principal } from '#libs/platform';

const usage = 'usage: npm run token -- --role <partner|seller|admin|auditor> --sub <id> [--market <US_L2L|US_CB|EU|SEA|OTHER>] [--ttl <seconds>] [--console]';

function fail(message: string): never {
  console.error(`token: ${message}\n${usage}`);
  process.exit(2);
}

const { values } = parseArgs({
  options: { role: { type: 'string' }, sub: { type: 'string' }, market: { type: 'string' }, ttl: { type: 'string', default: '3600' }, console: { type: 'boolean', default: false } },
  strict: true,
});
const { config, errors } = loadConfig();
if (errors.length) fail(errors.join('; '));
if (!values.role || !(ROLES as readonly string[]).includes(values.role)) fail(`--role must be one of ${ROLES.join(', ')}`);
if (!values.sub) fail('--sub is required');
if (values.role === 'seller' && !(MARKETS as readonly string[]).includes(values.market ?? '')) fail(`a seller token needs --market, one of ${MARKETS.join(', ')}`);
const ttl = Number(values.ttl);
if (!Number.isInteger(ttl) || ttl < 1 || ttl > 31 * 86_400) fail('--ttl is seconds, from 1 to 2678400');

const principal = { role: values.role, sub: values.sub, ...(values.role === 'seller' && { market: values.market }) } as Principal;
const { secret } = resolveJwtSecret(config.jwtSecret, config.dataDir);
const token = tokenSigner(secret, new SystemClock(config.clockOffsetMs))(principal, ttl);
// The token rides in the fragment: browsers never send it to the server, nor log it there.
console.log(values.console ? `${config.publicBaseUrl}/console#token=${token}` : token);
