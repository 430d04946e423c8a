import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

/**
 * Declared because a dependency needs them, though our code does not import them: BullMQ lists ioredis as an
 * optional peer, so npm installs it only when we declare it, and without it no worker or queue connects.
 */
const PEERS = new Map([['ioredis', 'bullmq']]);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|js|mjs)$/.test(p) ? [p] : [];
  });
}

const code = ['src', 'scripts', 'tests', 'bin']
  .flatMap((d) => files(join(root, d)))
  .map((p) => readFileSync(p, 'utf8'))
  .join('\n');

describe('dependencies', () => {
  it.each(Object.keys(pkg.dependencies).filter((d) => !PEERS.has(d)))('%s is imported by the code', (dep) => {
    const name = dep.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    // import … from 'dep' / 'dep/sub', import('dep'), or a resolve('dep') of a served bundle (chart.js).
    const used = new RegExp(`(from |import\\(|resolve\\()['"]${name}(/[^'"]*)?['"]`).test(code);
    expect(used).toBe(true);
  });

  it.each([...PEERS])('%s is declared as the peer %s needs', (peer, of) => {
    const meta = JSON.parse(readFileSync(join(root, 'node_modules', of, 'package.json'), 'utf8')) as {
      peerDependencies?: Record<string, string>;
    };
    expect(meta.peerDependencies).toHaveProperty(peer);
    expect(pkg.dependencies).toHaveProperty(peer);
    expect(pkg.dependencies).toHaveProperty(of);
  });
});
