/**
 * One import of `bench:import`, in its own process so that its peak RSS is the import's alone:
 *   node --import tsx scripts/lib/bench-import-child.ts <kind> <file> <pglite-dir | postgres> [schema]
 * kind: volumes | dossiers | tickets. Prints one JSON line: rows, changed, seconds, cpu_s, max_rss_mb.
 * kind `prepare` only creates the store (migrated, the sample points imported) and exits: creating a PGlite
 * folder (initdb) grows its WebAssembly memory by ~500 MB that an import into an existing store never pays, so
 * bench:import creates the embedded store in a process of its own before the import's.
 */
import { cpuUsage, resourceUsage } from 'node:process';
import { loadConfig } from '../../src/config.ts';
import { openDb } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { pointCodes } from '../../src/store/points-repo.ts';
import { fileSource } from '../../src/usecases/import/csv.ts';
import { importCsv } from '../../src/usecases/import/import.ts';
import { formatOfName, importRegister } from '../../src/usecases/import/register.ts';
import { importContext, SAMPLE_POINTS_CSV } from '../../src/usecases/sample-data.ts';

const [kind, file, store, schema] = process.argv.slice(2) as [string, string, string, string | undefined];
const db =
  store === 'postgres'
    ? await openDb({ databaseUrl: process.env.DATABASE_URL, schema })
    : await openDb({ dataDir: store });
try {
  await migrate(db);
  const ctx = importContext(loadConfig({}));
  if ((await pointCodes(db)).size === 0) await importCsv(db, 'points', fileSource(SAMPLE_POINTS_CSV), ctx);
  if (kind === 'prepare') process.exit(0);
  const cpu0 = cpuUsage();
  const started = performance.now();
  const r =
    kind === 'volumes'
      ? await importCsv(db, 'volumes', fileSource(file), ctx)
      : await importRegister(db, kind as 'dossiers' | 'tickets', fileSource(file), {
          format: formatOfName(file),
          today: process.env.BENCH_TODAY ?? '2026-12-03',
        });
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuUsage(cpu0);
  process.stdout.write(
    `${JSON.stringify({
      rows: r.rows,
      changed: r.changed,
      seconds,
      cpu_s: (cpu.user + cpu.system) / 1e6,
      max_rss_mb: resourceUsage().maxRSS / 1024,
    })}\n`,
  );
} finally {
  await db.close();
}
