// What ran in one stretch of a CPU profile: the frames with the most self time between two
// instants (µs of the monotonic clock the profile's timestamps use, as the stalls bench prints
// for the longest blocks of the loop).
// Usage: node dist/bench/support/cpuprofile-window.js <file.cpuprofile> <fromUs> <ms>
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

const [file, fromArg, msArg] = process.argv.slice(2);
if (!file || !fromArg || !msArg) {
  console.error('usage: cpuprofile-window.js <file.cpuprofile> <fromUs> <ms>');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; startTime: number; samples: number[]; timeDeltas: number[] };
const from = Number(fromArg);
const to = from + Number(msArg) * 1000;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (n: Node) =>
  `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(dist|node_modules)\//, '')}:${n.callFrame.lineNumber + 1}`;
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let t = profile.startTime;
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i]!;
  if (t < from || t > to) continue;
  const dt = profile.timeDeltas[i + 1] ?? 0;
  total += dt;
  const leaf = byId.get(profile.samples[i]!)!;
  self.set(name(leaf), (self.get(name(leaf)) ?? 0) + dt);
  const seen = new Set<string>();
  for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
    const k = name(byId.get(id)!);
    if (!seen.has(k)) inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
    seen.add(k);
  }
}
const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
console.log(`${(total / 1000).toFixed(1)} ms sampled between ${from} and ${to}\n\nself:`);
for (const [k, v] of top(self, 15)) console.log(`${(v / 1000).toFixed(1).padStart(8)} ms  ${k}`);
console.log('\ninclusive (libs/, apps/):');
for (const [k, v] of top(new Map([...inclusive].filter(([k]) => /libs\/|apps\//.test(k))), 20)) console.log(`${(v / 1000).toFixed(1).padStart(8)} ms  ${k}`);
