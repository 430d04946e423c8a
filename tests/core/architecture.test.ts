import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

// The pure core (and the sample generator, equally pure) may import only schemas, itself and pure libraries.
const PURE = ['src/core', 'src/sample'];
const FORBIDDEN_IMPORT =
  /from ['"](node:|fs|path|os|pg|pino|fastify|bullmq|ioredis|@electric-sql|\.\.\/\.\.\/(store|jobs|api|cli|web|usecases|parallel)|\.\.\/(store|jobs|api|cli|web|usecases|parallel))/;
const FORBIDDEN_CALL = /\b(process\.env|Date\.now\(|Math\.random\(|new Date\(\))/;

describe('architecture', () => {
  const pure = PURE.flatMap((d) => {
    try {
      return files(join(root, d));
    } catch {
      return [];
    }
  });

  it('finds the core modules', () => {
    expect(pure.length).toBeGreaterThan(3);
  });

  it.each(pure.map((p) => [relative(root, p), p]))('%s does no I/O and imports no adapter', (_name, path) => {
    const src = readFileSync(path, 'utf8');
    const bad = src
      .split('\n')
      .filter((l) => FORBIDDEN_IMPORT.test(l) || FORBIDDEN_CALL.test(l.replace(/\/\/.*$/, '')));
    expect(bad).toEqual([]);
  });
});
