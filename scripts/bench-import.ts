/**
 * Import throughput: 1,000,000 daily-volume rows (126 points × 3 channels × 7 fields × 378 days, generated
 * here) through `importCsv` — parse, validate every row, duplicate check, COPY to staging, upsert — on the
 * embedded store (PGlite in a folder on disk) and, when DATABASE_URL is set, on the real server.
 * Goal: ≥ 50,000 rows/s on the embedded store.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays } from '../src/core/calendar/dates.ts';
import { CHANNELS, FIELDS } from '../src/schemas/domain.ts';
import { type Db, openDb } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';
import { fileSource } from '../src/usecases/import/csv.ts';
import { type ImportContext, importCsv } from '../src/usecases/import/import.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const POINTS = 126;
const perDay = POINTS * CHANNELS.length * FIELDS.length;
const days = Math.ceil(ROWS / perDay);

const dir = mkdtempSync(join(tmpdir(), 'dieuphoi-bench-import-'));
const pointsCsv = join(dir, 'points.csv');
const volumesCsv = join(dir, 'volumes.csv');
const codes = Array.from({ length: POINTS }, (_, i) => `B${String(i + 1).padStart(3, '0')}`);
writeFileSync(
  pointsCsv,
  `code,name,type,branch,lat,lon,population,area_km2,counters,min_staff\n${codes
    .map(
      (c, i) =>
        `${c},Điểm ${i + 1},${i < 51 ? 'ward' : 'commune'},Chi nhánh ${(i % 12) + 1},21.0,105.8,50000,10,3,2`,
    )
    .join('\n')}\n`,
);
let csv = 'date,point,channel,field,received,resolved,on_time,overdue\n';
let n = 0;
const chunks: string[] = [];
outer: for (let d = 0; d < days; d++) {
  const date = addDays('2024-01-01', d);
  for (const p of codes)
    for (const c of CHANNELS)
      for (const f of FIELDS) {
        if (n++ >= ROWS) break outer;
        const r = (n * 7919) % 23;
        csv += `${date},${p},${c},${f},${r},${r},${r},0\n`;
        if (csv.length > 1 << 22) {
          chunks.push(csv);
          csv = '';
        }
      }
}
chunks.push(csv);
writeFileSync(volumesCsv, chunks.join(''));

const ctx: ImportContext = {
  defaultHours: { weekday: [['08:00', '17:00']], saturday: [] },
  enrichUnits: () => [],
};

async function run(name: string, db: Db) {
  await migrate(db);
  await importCsv(db, 'points', fileSource(pointsCsv), ctx);
  const first = await importCsv(db, 'volumes', fileSource(volumesCsv), ctx);
  const again = await importCsv(db, 'volumes', fileSource(volumesCsv), ctx);
  const rss = process.memoryUsage().rss / 2 ** 20;
  return {
    store: name,
    rows: first.rows,
    first_s: first.seconds,
    first_rows_per_s: first.rows / first.seconds,
    reimport_s: again.seconds,
    reimport_changed: again.changed,
    rss_mb: rss,
  };
}

const results = [];
const pgliteDir = join(dir, 'pglite');
const embedded = await openDb({ dataDir: pgliteDir });
results.push(await run('pglite (disk)', embedded));
await embedded.close();
if (process.env.DATABASE_URL) {
  const schema = `bench_import_${process.pid}`;
  const db = await openDb({ databaseUrl: process.env.DATABASE_URL, schema });
  try {
    results.push(await run('postgres', db));
  } finally {
    await db.exec(`DROP SCHEMA ${schema} CASCADE`);
    await db.close();
  }
} else {
  console.log('(DATABASE_URL not set: PostgreSQL skipped)');
}
rmSync(dir, { recursive: true, force: true });

console.log(
  `\nimport of ${ROWS.toLocaleString('en')} volume rows (goal ≥ 50,000 rows/s on the embedded store)\n`,
);
console.log('store           rows       first import   rows/s     re-import (changed)   RSS MB');
for (const r of results)
  console.log(
    `${r.store.padEnd(15)} ${String(r.rows).padEnd(10)} ${r.first_s.toFixed(1).padStart(8)} s   ${Math.round(r.first_rows_per_s).toLocaleString('en').padStart(8)}   ${r.reimport_s.toFixed(1).padStart(8)} s (${r.reimport_changed})     ${r.rss_mb.toFixed(0)}`,
  );
