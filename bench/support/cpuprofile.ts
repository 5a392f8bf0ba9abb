// Summarizes a V8 .cpuprofile (from `node --cpu-prof`): the frames with the most self time, and
// self time by package or source folder. Usage:
//   node dist/bench/support/cpuprofile.js <file.cpuprofile> [top=25]
import { readFileSync } from 'node:fs';
import { isEntryPoint } from './context.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface FrameShare {
  frame: string;
  selfMs: number;
  share: number;
}

function where(url: string): string {
  if (!url) return '(native)';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (path.startsWith('node:')) return path;
  const dist = path.indexOf('/dist/');
  return dist >= 0 ? path.slice(dist + '/dist/'.length) : path;
}

export function summarizeProfile(file: string, top = 25): { totalMs: number; frames: FrameShare[]; byPlace: FrameShare[]; inclusive: FrameShare[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const totalUs = profile.endTime - profile.startTime;
  const frames = new Map<string, number>();
  const places = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    const place = where(url);
    const key = `${functionName || '(anonymous)'} ${url ? `${place}:${lineNumber + 1}` : ''}`.trim();
    frames.set(key, (frames.get(key) ?? 0) + us);
    const placeKey = url
      ? place.includes('/') && !place.startsWith('node:') && !place.startsWith('@')
        ? place.split('/').slice(0, -1).join('/') || place
        : place
      : functionName || '(native)';
    places.set(placeKey, (places.get(placeKey) ?? 0) + us);
  }
  // Inclusive time of the product's own functions (libs/, apps/): each sample counts once for
  // every distinct such function on its stack.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const { functionName, url, lineNumber } = byId.get(at)!.callFrame;
      const place = where(url);
      if (!/^(libs|apps)\//.test(place)) continue;
      const key = `${functionName || '(anonymous)'} ${place}:${lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
    }
  });
  const list = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([frame, us]) => ({ frame, selfMs: us / 1000, share: us / totalUs }));
  return { totalMs: totalUs / 1000, frames: list(frames), byPlace: list(places), inclusive: list(inclusive) };
}

if (isEntryPoint(import.meta.url)) {
  const [file, top] = process.argv.slice(2);
  if (!file) throw new Error('usage: cpuprofile.js <file.cpuprofile> [top]');
  const summary = summarizeProfile(file, Number(top ?? 25));
  console.log(`total ${(summary.totalMs / 1000).toFixed(2)} s\n\nself time by frame:`);
  for (const f of summary.frames) console.log(`${(f.share * 100).toFixed(1).padStart(5)}%  ${f.selfMs.toFixed(0).padStart(7)} ms  ${f.frame}`);
  console.log('\nself time by place:');
  for (const f of summary.byPlace) console.log(`${(f.share * 100).toFixed(1).padStart(5)}%  ${f.selfMs.toFixed(0).padStart(7)} ms  ${f.frame}`);
  console.log("\ninclusive time of the product's functions (libs/, apps/):");
  for (const f of summary.inclusive) console.log(`${(f.share * 100).toFixed(1).padStart(5)}%  ${f.selfMs.toFixed(0).padStart(7)} ms  ${f.frame}`);
}
