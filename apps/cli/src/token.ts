// npm run token -- --role seller --sub shop-1 --market US_L2L [--ttl 3600] [--console]
// Prints a bearer token signed with the secret the API verifies with, found by the API's rule
// (AUTH_JWT_SECRET, else DATA_DIR/jwt-secret; see args.ts) and said on stderr. The secret itself
// is never printed. Refuses a secret the API would refuse (loadConfig's checks) and never makes
// one up. Tokens live one hour unless --ttl says otherwise (at most 31 days). With --console, the
// console's sign-in URL instead (PUBLIC_BASE_URL, else http://localhost:PORT, as the server uses).
import { MARKETS } from '#libs/domain';
import { ROLES, SystemClock, tokenSigner, type Principal } from '#libs/platform';
import { apiSecret, CliError, config, options, runIfMain, say, secretSource } from './args.js';

const USAGE = 'npm run token -- --role <partner|seller|admin|auditor> --sub <id> [--market <US_L2L|US_CB|EU|SEA|OTHER>] [--ttl <seconds>] [--console]';
export const DEFAULT_TTL_SECONDS = 3600;

async function main(): Promise<void> {
  const args = options(USAGE, {
    role: { description: `one of ${ROLES.join(', ')}`, required: true },
    sub: { description: 'the principal id (partner id, seller id, ...)', required: true },
    market: { description: `a seller's market, one of ${MARKETS.join(', ')}` },
    ttl: { description: 'lifetime in seconds, 1..2678400', default: String(DEFAULT_TTL_SECONDS) },
    console: { description: "print the console's sign-in URL (/console#token=...) instead of the token", flag: true },
  });
  const usage = `\nusage: ${USAGE}`;
  if (!(ROLES as readonly string[]).includes(args.role)) throw new CliError(`token: --role must be one of ${ROLES.join(', ')}${usage}`, 2);
  if (args.role === 'seller' && !(MARKETS as readonly string[]).includes(args.market ?? ''))
    throw new CliError(`token: a seller token needs --market, one of ${MARKETS.join(', ')}${usage}`, 2);
  const ttl = Number(args.ttl);
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 31 * 86_400) throw new CliError(`token: --ttl is seconds, from 1 to 2678400${usage}`, 2);
  let settings: ReturnType<typeof config>;
  try {
    settings = config();
  } catch (error) {
    throw new CliError(
      `token: refusing to mint: the API would not start with this configuration, so no API would accept the token\n${(error as Error).message}`,
      2,
    );
  }
  const secret = apiSecret(settings);
  say('token', `using secret from ${secretSource(settings)}`);
  const principal = { role: args.role, sub: args.sub, ...(args.role === 'seller' && { market: args.market }) } as Principal;
  const token = tokenSigner(secret, new SystemClock(settings.clockOffsetMs))(principal, ttl);
  // The token rides in the fragment: browsers never send it to the server, nor log it there.
  process.stdout.write(`${args.console ? `${settings.publicBaseUrl}/console#token=${token}` : token}\n`);
}

runIfMain(import.meta.url, main);
