// One Node support statement: package.json's engines, the Dockerfile's base images and every
// installed package's own engines agree, so `npm ci` on the supported Node prints no EBADENGINE
// warning (the one exception, nestjs-pino, is explained in the README's "Node" section).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';

const semver = createRequire(import.meta.url)('semver') as {
  satisfies(version: string, range: string): boolean;
  minVersion(range: string): { version: string };
};
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};
/** Declares node >= 22.12 in every ESM release (4.x is CommonJS and cannot load Nest 12 under Jest on Node 20); runs on Node 20 (the whole suite). */
const EXPLAINED = ['node_modules/nestjs-pino'];

describe('Node support', () => {
  const images = [...readFileSync('Dockerfile', 'utf8').matchAll(/^FROM node:(\d+\.\d+)[-\w]*/gm)].map((m) => `${m[1]}.0`);

  it('runs the Dockerfile on a Node that package.json supports, the same in every stage', () => {
    expect(images.length).toBeGreaterThanOrEqual(2);
    expect(new Set(images).size).toBe(1);
    expect(semver.satisfies(images[0]!.replace(/\.0$/, '.99'), pkg.engines.node)).toBe(true);
  });

  it('installs no package that refuses the oldest supported Node (npm ci prints no EBADENGINE)', () => {
    const oldest = semver.minVersion(pkg.engines.node).version;
    const refusing = Object.entries(lock.packages)
      .filter(([path, p]) => path && !EXPLAINED.includes(path) && p.engines && !Array.isArray(p.engines) && p.engines.node)
      .filter(([, p]) => !semver.satisfies(oldest, (p.engines as { node: string }).node))
      .map(([path, p]) => `${path}@${p.version} wants node ${(p.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });
});
