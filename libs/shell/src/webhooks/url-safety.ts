// Server-side request forgery defence: a webhook URL may not reach the platform's own network.
// Checked at subscription (422) and again before every delivery, because DNS can change. The
// delivery connects to the very address that was checked (a pinned lookup), so a name that
// resolves to a public address for the check and a private one for the connection (DNS
// rebinding) gets nowhere.
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';

export type RefusedAddressKind = 'loopback' | 'private' | 'link-local' | 'metadata' | 'unspecified' | 'multicast' | 'reserved';

const RANGES: Record<RefusedAddressKind, [string, number, 'ipv4' | 'ipv6'][]> = {
  metadata: [
    ['169.254.169.254', 32, 'ipv4'],
    ['100.100.100.200', 32, 'ipv4'],
    ['fd00:ec2::254', 128, 'ipv6'],
  ],
  unspecified: [
    ['0.0.0.0', 8, 'ipv4'],
    ['::', 128, 'ipv6'],
  ],
  loopback: [
    ['127.0.0.0', 8, 'ipv4'],
    ['::1', 128, 'ipv6'],
  ],
  private: [
    ['10.0.0.0', 8, 'ipv4'],
    ['172.16.0.0', 12, 'ipv4'],
    ['192.168.0.0', 16, 'ipv4'],
    ['100.64.0.0', 10, 'ipv4'],
    ['fc00::', 7, 'ipv6'],
    ['fec0::', 10, 'ipv6'],
  ],
  'link-local': [
    ['169.254.0.0', 16, 'ipv4'],
    ['fe80::', 10, 'ipv6'],
  ],
  multicast: [
    ['224.0.0.0', 4, 'ipv4'],
    ['ff00::', 8, 'ipv6'],
  ],
  reserved: [
    ['192.0.0.0', 24, 'ipv4'],
    ['192.0.2.0', 24, 'ipv4'],
    ['198.18.0.0', 15, 'ipv4'],
    ['198.51.100.0', 24, 'ipv4'],
    ['203.0.113.0', 24, 'ipv4'],
    ['240.0.0.0', 4, 'ipv4'],
    ['100::', 64, 'ipv6'],
    ['2001:db8::', 32, 'ipv6'],
  ],
};

// Checked in this order: the metadata addresses sit inside link-local and private ranges.
const LISTS = (Object.keys(RANGES) as RefusedAddressKind[]).map((kind) => {
  const list = new BlockList();
  for (const [address, prefix, type] of RANGES[kind]) list.addSubnet(address, prefix, type);
  return { kind, list };
});

/** An IPv6 address as its eight 16-bit groups (zone dropped, an embedded dotted quad read). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  return tail === undefined ? left : [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

const bytesOf = (g: number[]) => g.flatMap((x) => [x >> 8, x & 255]);
const quad = (b: number[]) => b.join('.');

/**
 * The IPv4 addresses an IPv6 transition form carries, judged in its place: mapped
 * (::ffff:a.b.c.d), translated (::ffff:0:a.b.c.d), compatible (::a.b.c.d), NAT64 (64:ff9b::/96,
 * and the local-use 64:ff9b:1::/48 under every prefix length RFC 6052 allows, since which one a
 * network uses cannot be told from the address: each that fits is judged), Teredo (2001::/32: the server, and the client
 * inverted in the last 32 bits) and 6to4 (2002::/16, bits 16 to 48).
 */
function embeddedIpv4(g: number[]): string[] {
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const b = bytesOf(g);
  if (zeros(0, 5) && g[5] === 0xffff) return [quad(b.slice(12))];
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return [quad(b.slice(12))];
  if (zeros(0, 6) && (g[6] !== 0 || g[7]! > 1)) return [quad(b.slice(12))];
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return [quad(b.slice(12))];
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) {
    // RFC 6052 §2.2, prefixes of 48, 56 and 64 bits: the address skips bits 64 to 71 (the "u"
    // octet) and the suffix after it is zero; a 96-bit prefix ends with it.
    const around = (from: number) => [...b.slice(from, 8), ...b.slice(9, 9 + 4 - (8 - from))];
    const suffixZero = (from: number) => b.slice(from).every((x) => x === 0);
    const candidates = [suffixZero(11) && around(6), suffixZero(12) && around(7), suffixZero(13) && b.slice(9, 13), b.slice(12, 16)];
    return candidates.filter((c): c is number[] => c !== false).map(quad);
  }
  if (g[0] === 0x2001 && g[1] === 0) return [quad(b.slice(4, 8)), quad(b.slice(12).map((x) => x ^ 255))];
  if (g[0] === 0x2002) return [quad(b.slice(2, 6))];
  return [];
}

/** Why an address may not receive webhooks, or undefined for a public address. */
export function classifyAddress(address: string): RefusedAddressKind | undefined {
  const family = isIP(address);
  if (family === 0) return 'reserved';
  if (family === 6) {
    for (const inner of embeddedIpv4(ipv6Groups(address))) {
      const kind = classifyAddress(inner);
      if (kind) return kind;
    }
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const plain = address.replace(/%.*$/, '');
  return LISTS.find(({ list }) => list.check(plain, type))?.kind;
}

export class RefusedUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedUrlError';
  }
}

export interface UrlPolicy {
  allowHttp: boolean;
  allowPrivate: boolean;
}

/** A URL a webhook may be subscribed to, as far as its text says (scheme, credentials). */
export function checkUrlText(raw: string, policy: UrlPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RefusedUrlError('not an absolute URL');
  }
  const schemes = policy.allowHttp ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) throw new RefusedUrlError(policy.allowHttp ? 'the URL must be https or http' : 'the URL must be https');
  if (url.username || url.password) throw new RefusedUrlError('the URL may not carry credentials');
  if (!url.hostname) throw new RefusedUrlError('the URL has no host');
  return url;
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export const DNS_TIMEOUT_MS = 5_000;

export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/** A DNS answer, or a refusal once `signal` aborts (a lookup cannot be cancelled, only left). */
function beforeAbort<T>(answer: Promise<T>, host: string, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(new RefusedUrlError(`the host ${host} did not resolve in time`));
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    answer.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/**
 * The address to connect to, after checking every address the host resolves to: one refused
 * address refuses the host, since the system could pick any of them.
 */
export async function resolveAllowed(
  url: URL,
  policy: UrlPolicy,
  resolve: Resolver = systemResolver,
  signal: AbortSignal = AbortSignal.timeout(DNS_TIMEOUT_MS),
): Promise<ResolvedAddress> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const literal = isIP(host);
  let addresses: ResolvedAddress[];
  if (literal) addresses = [{ address: host, family: literal as 4 | 6 }];
  else {
    try {
      addresses = await beforeAbort(resolve(host), host, signal);
    } catch (error) {
      if (error instanceof RefusedUrlError) throw error;
      throw new RefusedUrlError(`the host ${host} does not resolve (${(error as { code?: string }).code ?? 'DNS error'})`);
    }
    if (!addresses.length) throw new RefusedUrlError(`the host ${host} does not resolve`);
  }
  if (!policy.allowPrivate) {
    for (const { address } of addresses) {
      const kind = classifyAddress(address);
      if (kind) throw new RefusedUrlError(`the host ${host} resolves to ${address}, a ${kind} address`);
    }
  }
  return addresses[0]!;
}

/** A lookup that answers the checked address, whatever DNS says by the time the socket opens. */
export function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  }) as LookupFunction;
}
