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

// One owner per concept: a second copy of these formulas anywhere under src/ fails here.
describe('one implementation per concept', () => {
  const src = files(join(root, 'src')).map((p) => ({
    name: relative(root, p),
    text: readFileSync(p, 'utf8'),
  }));
  const holders = (pattern: RegExp) => src.filter((f) => pattern.test(f.text)).map((f) => f.name);

  it('great-circle distance (haversine) lives only in core/optimize/travel.ts', () => {
    expect(holders(/function\s+haversine|haversine\w*\s*=\s*\(|Math\.asin\(|\b6371\b/i)).toEqual([
      'src/core/optimize/travel.ts',
    ]);
  });

  it('Erlang B/C (the recursion B = A·B / (k + A·B), C from B, erlang* functions) lives only in core/staffing/erlang-c.ts', () => {
    const recursion = /\(\s*\w+\s*\*\s*\w+\s*\)\s*\/\s*\(\s*\w+\s*\+\s*\w+\s*\*\s*\w+\s*\)/;
    const cFromB = /\(\s*\w+\s*-\s*\w+\s*\*\s*\(\s*1\s*-\s*\w+\s*\)\s*\)/;
    const named = /function\s+erlang\w*\s*\(/i;
    for (const pattern of [recursion, cFromB, named])
      expect(holders(pattern), String(pattern)).toEqual(['src/core/staffing/erlang-c.ts']);
  });

  it('src/ has one seeded generator (core/random.ts): no mulberry32 or other hand-rolled PRNG beside it', () => {
    expect(holders(/mulberry32|0x6d2b79f5/i)).toEqual([]);
    expect(holders(/\bsfc32\b/)).toEqual(['src/core/random.ts']);
  });

  it('no file under src/ calls itself a stand-in or waits for a merge', () => {
    expect(holders(/stand-in|until (it is |they are )?merged/i)).toEqual([]);
  });

  // Core returns a catalogue message only (core/messages.ts); adapters render it. A text carried twice, as
  // English beside its message, would come back as an `x_msg` / `xs_msgs` property or a `fooMsg` function
  // beside a `foo` that renders it.
  it('every text is a message only: no `_msg`/`_msgs` twin property and no `fooMsg` beside a `foo` under src/', () => {
    const twinProps = src.flatMap((f) =>
      [...f.text.matchAll(/\b[A-Za-z]\w*_msgs?\b/g)].map((m) => `${f.name}: ${m[0]}`),
    );
    expect(twinProps).toEqual([]);
    const exported = (f: { text: string }) =>
      [...f.text.matchAll(/export\s+(?:async\s+)?(?:function\s*\*?|const|let)\s+([A-Za-z_]\w*)/g)].map(
        (m) => m[1]!,
      );
    const names = new Set(src.flatMap(exported));
    const twins = [...names].filter((n) => /[a-z]Msgs?$/.test(n) && names.has(n.replace(/Msgs?$/, '')));
    expect(twins).toEqual([]);
    expect(names.has('dayMsg')).toBe(true); // the scan sees exported functions (a message without a twin is fine)
  });
});

// Data access lives in one layer: every SQL statement sits behind a src/store/ repository.
const SQL_STATEMENT =
  /\b(SELECT\s+[\w*(]|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|TRUNCATE\s|CREATE\s+(TABLE|INDEX)|ALTER\s+TABLE)/;
const RAW_QUERY = /\b(db|tx)\.(query|exec|copyCsv)\b/;

describe('data access', () => {
  const outsideStore = files(join(root, 'src')).filter(
    (p) => !relative(root, p).startsWith(join('src', 'store')),
  );

  it('scans the code outside src/store', () => {
    expect(outsideStore.length).toBeGreaterThan(50);
  });

  it.each(outsideStore.map((p) => [relative(root, p), p]))('%s holds no SQL', (_name, path) => {
    const bad = readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => SQL_STATEMENT.test(l) || RAW_QUERY.test(l));
    expect(bad).toEqual([]);
  });
});

describe('one repository per table read', () => {
  const store = files(join(root, 'src', 'store'));
  it.each([
    ['forecast_runs', 'src/store/forecast-runs-repo.ts'],
    ['calendar_events', 'src/store/calendar-repo.ts'],
    ['plans', 'src/store/plans-repo.ts'],
    ['job_history', 'src/store/job-history-repo.ts'],
  ])('%s is queried only in %s', (table, owner) => {
    const readers = store
      .filter((p) => new RegExp(`\\b(FROM|JOIN|INTO|UPDATE)\\s+${table}\\b`).test(readFileSync(p, 'utf8')))
      .map((p) => relative(root, p));
    expect(readers).toEqual([owner]);
  });
});
