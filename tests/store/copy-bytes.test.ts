import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SampleDossier } from '../../src/sample/register.ts';
import { channelId, fieldId } from '../../src/store/codes.ts';
import { BinaryCopy } from '../../src/store/copy-bytes.ts';
import type { Db } from '../../src/store/db.ts';
import { DOSSIER_STAGING_COLUMNS, type DossierRecord, encodeDossier } from '../../src/store/dossiers-repo.ts';
import { DOSSIER_COPY_COLUMNS, encodeSampleDossier } from '../../src/store/register-copy.ts';
import { describeStores } from '../helpers/backends.ts';

/**
 * The dossier import COPYs its rows in PostgreSQL's binary format (store/copy-bytes.ts): the same dossiers
 * written as CSV and as binary must land as the same rows — NULLs, days before and after 2000-01-01 (the
 * binary epoch), times at both ends of the day, Vietnamese text with quotes and commas.
 */
/** The reference: the same dossiers as COPY CSV (NULL empty and unquoted, text quoted, quotes doubled). */
function dossiersToCsv(rows: DossierRecord[]): string {
  const cell = (v: string | null) => (v === null ? '' : `"${v.replace(/"/g, '""')}"`);
  const plain = (v: string | boolean | null) => (v === null ? '' : String(v));
  return rows
    .map(
      (r) =>
        `${cell(r.code)},${cell(r.procedure_code)},${cell(r.procedure_name)},${fieldId(r.field)},${channelId(r.channel)},${plain(r.online_level)},${cell(r.receiving_point)},${cell(r.competent_unit)},${r.received_on},${plain(r.received_time)},${r.due_on},${plain(r.due_time)},${r.due_computed},${plain(r.finished_on)},${plain(r.finished_time)},${plain(r.returned_on)},${plain(r.returned_time)},${plain(r.digitised)},${plain(r.electronic_result)},${r.withdrawn}\n`,
    )
    .join('');
}

const base: DossierRecord = {
  code: 'H26.P001-250701-0001',
  procedure_code: '2.000815',
  procedure_name: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản "gốc"',
  field: 'certification',
  channel: 'in_person',
  online_level: null,
  receiving_point: 'P001',
  competent_unit: 'P002',
  received_on: '2025-07-01',
  received_time: '08:05:00',
  due_on: '2025-07-01',
  due_time: '15:00:00',
  due_computed: true,
  finished_on: '2025-07-01',
  finished_time: '23:59:59',
  returned_on: null,
  returned_time: null,
  digitised: true,
  electronic_result: null,
  withdrawn: false,
};

const dossiers: DossierRecord[] = [
  base,
  {
    ...base,
    code: 'HS-Đất-1999',
    procedure_code: null,
    procedure_name: null,
    field: 'land',
    channel: 'online',
    online_level: 'full',
    received_on: '1999-12-31',
    received_time: '00:00:00',
    due_on: '2000-01-01',
    due_time: null,
    due_computed: false,
    finished_on: null,
    finished_time: null,
    digitised: null,
    electronic_result: true,
    withdrawn: true,
  },
  ...Array.from({ length: 3000 }, (_, i) => ({
    ...base,
    code: `HS-${i}`,
    procedure_name: i % 2 ? 'Đăng ký khai sinh, kết hôn' : base.procedure_name,
    channel: (['in_person', 'online', 'postal'] as const)[i % 3]!,
    received_on: `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
    due_on: '2026-12-31',
    received_time: `${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}`,
    finished_on: i % 5 ? '2026-12-31' : null,
    finished_time: i % 5 ? '16:30:00' : null,
    returned_on: i % 10 === 1 ? '2026-12-31' : null,
    returned_time: null,
  })),
];

describeStores('dossiers COPYed in binary', (backend) => {
  let db: Db;
  beforeAll(async () => {
    db = await backend.open();
  });
  afterAll(() => backend.dispose(db));

  it('land as the same rows as the same dossiers COPYed as CSV', async () => {
    const columns = [...DOSSIER_STAGING_COLUMNS];
    const binary = new BinaryCopy(64); // a small first buffer: the writer grows it
    for (const d of dossiers.slice(0, 2000)) encodeDossier(binary, d);
    expect(binary.rows).toBe(2000);
    const first = binary.take();
    expect(binary.rows).toBe(0);
    for (const d of dossiers.slice(2000)) encodeDossier(binary, d);
    await db.transaction(async (tx) => {
      await tx.copyCsv('dossiers', columns, first, 'binary');
      await tx.copyCsv('dossiers', columns, binary.take(), 'binary');
    });
    const fromBinary = await db.query('SELECT * FROM dossiers ORDER BY code');
    await db.exec('DELETE FROM dossiers');
    await db.copyCsv('dossiers', columns, dossiersToCsv(dossiers));
    const fromCsv = await db.query('SELECT * FROM dossiers ORDER BY code');
    expect(fromBinary).toHaveLength(dossiers.length);
    expect(fromBinary).toEqual(fromCsv);
    expect(fromBinary.find((r) => r.code === 'HS-Đất-1999')).toMatchObject({
      received_on: '1999-12-31',
      received_time: '00:00:00',
      due_on: '2000-01-01',
      procedure_name: null,
      status: 'withdrawn',
    });
    expect(fromBinary.find((r) => r.code === base.code)).toMatchObject({
      procedure_name: base.procedure_name,
      finished_time: '23:59:59',
      status: 'overdue',
    });
  });
});

describeStores('sample dossiers COPYed in binary', (backend) => {
  let db: Db;
  beforeAll(async () => {
    db = await backend.open();
  });
  afterAll(() => backend.dispose(db));

  it('land as the dossier records they stand for', async () => {
    const sample: SampleDossier[] = [
      {
        code: 'H26.P001-250701-0001',
        procedure_code: '2.000815',
        procedure_name: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản',
        field: 'certification',
        channel: 'online',
        online_level: 'partial',
        receiving_point: 'P001',
        competent_unit: 'P001',
        received_at: '2025-07-01 08:05',
        due_at: '2025-07-01',
        finished_at: '2025-07-01 12:08',
        returned_at: '2025-07-02 09:00',
        digitised: true,
        electronic_result: true,
        withdrawn: false,
      },
      {
        code: 'H26.P002-250701-0002',
        procedure_code: null,
        procedure_name: '',
        field: 'land',
        channel: 'in_person',
        online_level: null,
        receiving_point: 'P002',
        competent_unit: 'P032',
        received_at: '2025-07-01 16:59',
        due_at: '2025-07-15',
        finished_at: null,
        returned_at: null,
        digitised: false,
        electronic_result: false,
        withdrawn: true,
      },
    ];
    const asRecord = (d: SampleDossier): DossierRecord => {
      const day = (s: string | null) => (s === null ? null : s.slice(0, 10));
      const time = (s: string | null) => (s === null ? null : `${s.slice(11, 16)}:00`);
      return {
        ...d,
        received_on: d.received_at.slice(0, 10),
        received_time: time(d.received_at),
        due_on: d.due_at,
        due_time: null,
        due_computed: true,
        finished_on: day(d.finished_at),
        finished_time: time(d.finished_at),
        returned_on: day(d.returned_at),
        returned_time: time(d.returned_at),
      };
    };
    const columns = [...DOSSIER_COPY_COLUMNS];
    const w = new BinaryCopy();
    for (const d of sample) encodeSampleDossier(w, d);
    await db.copyCsv('dossiers', columns, w.take(), 'binary');
    const fromBinary = await db.query('SELECT * FROM dossiers ORDER BY code');
    await db.exec('DELETE FROM dossiers');
    await db.copyCsv('dossiers', columns, dossiersToCsv(sample.map(asRecord)));
    expect(fromBinary).toEqual(await db.query('SELECT * FROM dossiers ORDER BY code'));
    expect(fromBinary[1]).toMatchObject({ procedure_code: null, procedure_name: '', finished_on: null });
  });
});
