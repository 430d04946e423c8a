import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.ts';
import { renderTexts } from '../../src/core/messages.ts';
import type { Db } from '../../src/store/db.ts';
import {
  countDossiers,
  getDossier,
  listDossiers,
  rebuildRegisterVolumes,
  registerCoverage,
  registerVolumeRows,
} from '../../src/store/dossiers-repo.ts';
import {
  countTickets,
  listTickets,
  ticketArrivalsByHour,
  ticketTimesByField,
} from '../../src/store/tickets-repo.ts';
import { iterateVolumes } from '../../src/store/volumes-repo.ts';
import { importCsv } from '../../src/usecases/import/import.ts';
import {
  importDossiers,
  importTickets,
  type RegisterImportOptions,
} from '../../src/usecases/import/register.ts';
import { exportDossiers } from '../../src/usecases/register-export.ts';
import { hourlyArrivals, serviceTimesByField } from '../../src/usecases/ticket-stats.ts';
import { describeStores, resetStore } from '../helpers/backends.ts';
import { IMPORT_CTX, SHORT_DOSSIER_HEADER, TWO_POINTS_CSV } from '../helpers/register-rows.ts';

const ctx = IMPORT_CTX;
const POINTS = TWO_POINTS_CSV;

/** A one-stop export: Vietnamese headers in odd case and spacing, an extra column, names and codes for points. */
const HEADER = [
  'STT',
  'Mã hồ sơ',
  'Mã thủ tục',
  'Tên thủ tục',
  'LĨNH VỰC',
  'Nơi  tiếp nhận',
  'Cơ quan giải quyết',
  'Hình thức nộp',
  'Mức độ',
  'Ngày tiếp nhận',
  'Ngày hẹn trả',
  'Ngày có kết quả',
  'Ngày trả kết quả',
  'Đã số hóa',
  'Kết quả điện tử',
];
const ROWS = [
  [
    '1',
    'HS-001',
    '2.000815',
    'Chứng thực bản sao',
    'Chứng thực',
    'Phường Hoàn Kiếm',
    '',
    'Trực tiếp',
    '',
    '15/09/2025 09:10',
    '',
    '15/09/2025 10:00',
    '15/09/2025 10:30',
    'Có',
    'Không',
  ],
  [
    '2',
    'HS-002',
    '1.001758',
    '',
    'Lao động - Thương binh và Xã hội',
    'P1',
    'Sóc Sơn',
    'Trực tuyến',
    'Toàn trình',
    '15/09/2025 14:00',
    '29/09/2025',
    '',
    '',
    'x',
    '',
  ],
  [
    '3',
    'HS-003',
    '2.000720',
    '',
    'Hộ kinh doanh',
    'hoan kiem',
    'P2',
    'trực tuyến',
    'Một phần',
    '2025-09-15',
    '',
    '2025-09-19',
    '',
    '',
    '',
  ],
  [
    '4',
    'HS-004',
    '9.999999',
    '',
    'Đất đai',
    'P2',
    '',
    'Bưu chính',
    '',
    '16/09/2025',
    '30/09/2025',
    '01/10/2025',
    '',
    '',
    '',
  ],
  [
    '5',
    'HS-005',
    '',
    '',
    'Văn hóa',
    'P2',
    '',
    'Dịch vụ bưu chính công ích',
    '',
    '16/09/2025',
    '18/09/2025',
    '17/09/2025',
    '',
    '',
    '',
  ],
];
const csvOf = (header: string[], rows: string[][]) =>
  `${[header, ...rows].map((r) => r.map((c) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n')}\n`;
const bytes = (s: string) => [Buffer.from(s, 'utf8')];

const OPTS: RegisterImportOptions = { format: 'csv', today: '2025-10-15' };

/** An .xlsx workbook written by exceljs: `cells` may hold Date objects (Excel date cells). */
async function xlsx(sheets: Array<{ name: string; rows: unknown[][] }>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
    ws.getColumn(10).numFmt = 'dd/mm/yyyy hh:mm';
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function failure(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    return err as DomainError;
  }
  throw new Error('expected the import to fail');
}

describeStores('dossier register import', (backend) => {
  let db: Db;
  beforeAll(async () => {
    db = await backend.open();
  });
  beforeEach(async () => {
    await resetStore(db);
    await importCsv(db, 'points', bytes(POINTS), ctx);
  });
  afterAll(() => backend.dispose(db));

  it('a first import, which drops the key and indexes to COPY, builds them back exactly as the migrations define them', async () => {
    const defs = () =>
      db.query<{ name: string; def: string }>(
        "SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = 'dossiers' AND schemaname = current_schema() ORDER BY 1",
      );
    const before = await defs();
    // The partial status index (migration 017) keeps its condition.
    expect(before.find((d) => d.name === 'dossiers_status_received')?.def).toMatch(
      /WHERE \(status <> 'returned'::text\)/,
    );
    await importDossiers(db, bytes(csvOf(HEADER, ROWS)), OPTS);
    expect(await defs()).toEqual(before);
  });

  it('imports a Vietnamese-header register; its daily volumes equal a count by hand', async () => {
    const r = await importDossiers(db, bytes(csvOf(HEADER, ROWS)), OPTS);
    expect(r).toMatchObject({ kind: 'dossiers', rows: 5, changed: 5, warnings_total: 2 });
    // HS-004: unknown procedure with a known field; HS-005: an unknown field name → other.
    expect(r.warnings.map((w) => `${w.line}:${w.field}`)).toEqual(['5:Mã thủ tục', '6:LĨNH VỰC']);
    expect(await getDossier(db, 'HS-001')).toMatchObject({
      field: 'certification',
      channel: 'in_person',
      receiving_point: 'P1',
      competent_unit: 'P1',
      received_at: '2025-09-15T09:10',
      due_at: '2025-09-15', // same day, received before the 15:00 cut-off
      due_computed: true,
      digitised: true,
      electronic_result: false,
      status: 'returned',
      timeliness: 'on_time',
    });
    expect(await getDossier(db, 'HS-002')).toMatchObject({
      field: 'social_policy',
      competent_unit: 'P2',
      online_level: 'full',
      due_at: '2025-09-29',
      due_computed: false,
      status: 'pending',
    });
    // 3 working days from Monday 2025-09-15; finished on the 19th.
    expect(await getDossier(db, 'HS-003')).toMatchObject({ due_at: '2025-09-18', status: 'overdue' });
    expect(await getDossier(db, 'HS-004')).toMatchObject({
      field: 'land',
      channel: 'postal',
      status: 'overdue',
    });
    expect(await getDossier(db, 'HS-005')).toMatchObject({ field: 'other', status: 'early' });

    // By hand from ROWS: received by receiving point and day, processing by competent unit and day received,
    // resolved by competent unit on the day finished.
    const rows = await registerVolumeRows(db, '2025-09-01', '2025-10-31');
    const sum = (
      pred: (x: (typeof rows)[number]) => boolean,
      k: 'received' | 'processing' | 'resolved' | 'on_time' | 'overdue',
    ) => rows.filter(pred).reduce((s, x) => s + x[k], 0);
    expect(sum((x) => x.point === 'P1' && x.date === '2025-09-15', 'received')).toBe(3);
    expect(sum((x) => x.point === 'P2' && x.date === '2025-09-16', 'received')).toBe(2);
    expect(sum(() => true, 'received')).toBe(5);
    expect(sum((x) => x.point === 'P1' && x.date === '2025-09-15', 'processing')).toBe(1);
    expect(sum((x) => x.point === 'P2' && x.date === '2025-09-15', 'processing')).toBe(2);
    expect(sum((x) => x.point === 'P2' && x.date === '2025-09-16', 'processing')).toBe(2);
    expect(sum((x) => x.point === 'P1' && x.date === '2025-09-15', 'resolved')).toBe(1);
    expect(sum((x) => x.point === 'P2' && x.date === '2025-09-19', 'overdue')).toBe(1);
    expect(sum((x) => x.point === 'P2' && x.date === '2025-10-01', 'overdue')).toBe(1);
    expect(sum((x) => x.point === 'P2' && x.date === '2025-09-17', 'on_time')).toBe(1);
    expect(sum(() => true, 'resolved')).toBe(4);
    expect(rows.find((x) => x.point === 'P1' && x.field === 'social_policy')).toMatchObject({
      channel: 'online',
      received: 1,
      processing: 0,
    });
    // A rebuild from the dossiers alone (what a bulk load calls) gives the same rows.
    expect(await db.transaction((tx) => rebuildRegisterVolumes(tx))).toBe(5);
    expect(await registerVolumeRows(db, '2025-09-01', '2025-10-31')).toEqual(rows);
    expect(await registerCoverage(db)).toEqual([
      { point: 'P1', first_day: '2025-09-15', last_day: '2025-09-15' },
      { point: 'P2', first_day: '2025-09-15', last_day: '2025-10-01' },
    ]);
  });

  it('volume reads prefer the register over daily counts of the same point and day, and keep the others', async () => {
    const daily = `date,point,channel,field,received,resolved,on_time,overdue
2025-08-01,P1,in_person,land,7,7,7,0
2025-09-15,P1,in_person,land,40,0,0,0
`;
    await importCsv(db, 'volumes', bytes(daily), ctx);
    await importDossiers(db, bytes(csvOf(HEADER, ROWS)), OPTS);
    const got = [];
    for await (const v of iterateVolumes(db, { point: 'P1' })) got.push(v);
    expect(got.map((v) => `${v.date}:${v.channel}:${v.field}:${v.received}`)).toEqual([
      '2025-08-01:in_person:land:7',
      '2025-09-15:in_person:certification:1',
      '2025-09-15:online:social_policy:1',
      '2025-09-15:online:business_household:1',
    ]);
  });

  it('covers the periods of a register as spans per point: each read from the register, the days between from the daily counts', async () => {
    const daily = `date,point,channel,field,received,resolved,on_time,overdue
2025-08-01,P1,in_person,land,7,0,0,0
2025-10-15,P1,in_person,land,4,3,3,0
2025-12-10,P1,in_person,land,9,0,0,0
`;
    await importCsv(db, 'volumes', bytes(daily), ctx);
    const head = ['code', 'field', 'receiving_point', 'channel', 'received_at', 'due_at', 'finished_at'];
    // The quarter's export: received on 1 August, one finished late on 15 October (in the gap).
    const quarter = [
      ['Q-1', 'Đất đai', 'P1', 'Trực tiếp', '01/08/2025 09:00', '15/08/2025', '15/10/2025 10:00'],
      ['Q-2', 'Đất đai', 'P1', 'Trực tiếp', '01/08/2025 10:00', '15/08/2025', '05/08/2025 10:00'],
    ];
    // The last days' export, months later.
    const recent = [
      ['R-1', 'Đất đai', 'P1', 'Trực tiếp', '10/12/2025 09:00', '20/12/2025', '12/12/2025 10:00'],
      ['R-2', 'Đất đai', 'P1', 'Trực tuyến', '11/12/2025 09:00', '20/12/2025', ''],
    ];
    const later = { ...OPTS, today: '2025-12-15' };
    const check = async () => {
      expect(await registerCoverage(db)).toEqual([
        // An older span ends on its last receipt (the register knows no receipt after it); the newest runs on to
        // its last finish.
        { point: 'P1', first_day: '2025-08-01', last_day: '2025-08-01' },
        { point: 'P1', first_day: '2025-12-10', last_day: '2025-12-12' },
      ]);
      const got: string[] = [];
      for await (const v of iterateVolumes(db, { point: 'P1' }))
        got.push(`${v.date}:${v.channel}:${v.received}:${v.resolved}`);
      expect(got).toEqual([
        '2025-08-01:in_person:2:0', // the register, not the daily 7
        '2025-10-15:in_person:4:3', // between the spans: the daily counts, not Q-1's late finish as well
        '2025-12-10:in_person:1:0', // the register, not the daily 9
        '2025-12-11:online:1:0',
        '2025-12-12:in_person:0:1',
      ]);
    };
    // Two imports (a first one into the empty register, then an upsert) …
    await importDossiers(db, bytes(csvOf(head, quarter)), later);
    expect(await registerCoverage(db)).toEqual([
      { point: 'P1', first_day: '2025-08-01', last_day: '2025-10-15' },
    ]);
    await importDossiers(db, bytes(csvOf(head, recent)), later);
    await check();
    // … or one file holding both periods: the same spans.
    await resetStore(db);
    await importCsv(db, 'points', bytes(POINTS), ctx);
    await importCsv(db, 'volumes', bytes(daily), ctx);
    await importDossiers(db, bytes(csvOf(head, [...quarter, ...recent])), later);
    await check();
    // A bulk rebuild from the dossiers alone agrees.
    await db.transaction((tx) => rebuildRegisterVolumes(tx));
    await check();
  });

  it('re-importing the same file changes nothing; a later export upserts by code and moves the day totals', async () => {
    await importDossiers(db, bytes(csvOf(HEADER, ROWS)), OPTS);
    expect(await importDossiers(db, bytes(csvOf(HEADER, ROWS)), OPTS)).toMatchObject({ changed: 0, days: 0 });
    // The nightly delta: HS-002 is now finished (early), a new HS-006 arrives.
    const later = [
      [
        '2',
        'HS-002',
        '1.001758',
        '',
        'Lao động - Thương binh và Xã hội',
        'P1',
        'Sóc Sơn',
        'Trực tuyến',
        'Toàn trình',
        '15/09/2025 14:00',
        '29/09/2025',
        '26/09/2025 16:00',
        '',
        'x',
        '',
      ],
      [
        '6',
        'HS-006',
        '2.000815',
        '',
        'Chứng thực',
        'P2',
        '',
        'Trực tiếp',
        '',
        '26/09/2025 15:30',
        '',
        '',
        '',
        '',
        '',
      ],
    ];
    expect(await importDossiers(db, bytes(csvOf(HEADER, later)), OPTS)).toMatchObject({
      rows: 2,
      changed: 2,
    });
    expect(await countDossiers(db)).toBe(6);
    expect(await getDossier(db, 'HS-002')).toMatchObject({
      status: 'early',
      finished_at: '2025-09-26T16:00',
    });
    // After the 15:00 cut-off on Friday: due the next working day (Monday).
    expect(await getDossier(db, 'HS-006')).toMatchObject({ due_at: '2025-09-29', status: 'pending' });
    const rows = await registerVolumeRows(db, '2025-09-26', '2025-09-26');
    expect(
      rows.filter((x) => x.point === 'P2').map((x) => [x.field, x.received, x.resolved, x.on_time]),
    ).toEqual([
      ['certification', 1, 0, 0],
      ['social_policy', 0, 1, 1],
    ]);
    // Our own export reads back unchanged (English columns, safe cells).
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    expect(await exportDossiers(db, {}, 'csv', out)).toBe(6);
    const exported = Buffer.concat(chunks).toString('utf8');
    expect(exported.split('\n')[0]).toMatch(/^code,procedure_code,procedure_name,field,channel/);
    expect(await importDossiers(db, bytes(exported), OPTS)).toMatchObject({ rows: 6, changed: 0 });
  });

  it('a bad file is refused whole, every bad row named with line, column, value and reason', async () => {
    const bad = [
      ROWS[0]!,
      [
        '2',
        'HS-001',
        '2.000815',
        '',
        'Chứng thực',
        'P1',
        '',
        'Trực tiếp',
        '',
        '15/09/2025',
        '',
        '',
        '',
        '',
        '',
      ],
      [
        '3',
        'HS-010',
        '2.000815',
        '',
        'Chứng thực',
        'P1',
        '',
        'Trực tiếp',
        '',
        '20/09/2025',
        '',
        '19/09/2025',
        '',
        '',
        '',
      ],
      [
        '4',
        'HS-011',
        '2.000815',
        '',
        'Chứng thực',
        'P1',
        '',
        'Trực tiếp',
        '',
        '20/10/2025',
        '',
        '',
        '',
        '',
        '',
      ],
      [
        '5',
        'HS-012',
        '2.000815',
        '',
        'Chứng thực',
        'Ba Vì',
        '',
        'Trực tiếp',
        '',
        '15/09/2025',
        '',
        '',
        '',
        '',
        '',
      ],
      [
        '6',
        'HS-013',
        '2.000815',
        '',
        'Chứng thực',
        'P1',
        '',
        'Trực tiếp',
        '',
        '31/09/2025',
        '',
        '',
        '',
        '',
        '',
      ],
      [
        '7',
        'HS-014',
        '9.999999',
        '',
        'Thiên văn',
        'P1',
        '',
        'Trực tiếp',
        '',
        '15/09/2025',
        '',
        '',
        '',
        '',
        '',
      ],
      ['8', 'HS-015', '', '', 'Chứng thực', 'P1', '', 'Đi bộ', '', '15/09/2025', '', '', '', 'có lẽ', ''],
    ];
    const err = await failure(importDossiers(db, bytes(csvOf(HEADER, bad)), OPTS));
    expect(err.code).toBe('IMPORT_INVALID');
    expect(err.message).toBe('dossiers file has 7 bad rows; nothing was written');
    const got = renderTexts(err.details, 'en').map((d) => [d.line, d.field, d.value, d.reason]);
    expect(got).toEqual([
      [3, 'Mã hồ sơ', 'HS-001', 'duplicate dossier code: same as line 2'],
      [4, 'Ngày có kết quả', '19/09/2025', 'is before the receipt'],
      [5, 'Ngày tiếp nhận', '20/10/2025', 'is after today (2025-10-15)'],
      [6, 'Nơi  tiếp nhận', 'Ba Vì', 'unknown point (neither a point code nor a point name)'],
      [7, 'Ngày tiếp nhận', '31/09/2025', expect.stringMatching(/^must be a date/)],
      [8, 'Mã thủ tục', '9.999999', 'unknown procedure code and no known field'],
      [9, 'Hình thức nộp', 'Đi bộ', expect.stringMatching(/^must be a channel/)],
      [9, 'Ngày hẹn trả', undefined, 'no due date: give Ngày hẹn trả or a procedure code of the catalogue'],
      [9, 'Đã số hóa', 'có lẽ', expect.stringMatching(/^must be yes or no/)],
    ]);
    expect(await countDossiers(db)).toBe(0);
  });

  it('refuses a header without the required columns, naming them', async () => {
    const err = await failure(importDossiers(db, bytes('Mã hồ sơ,Lĩnh vực\nHS-1,Hộ tịch\n'), OPTS));
    expect(err.message).toMatch(
      /missing receiving_point \(Nơi tiếp nhận\), channel \(Hình thức nộp\), received_at/,
    );
    expect(err.details[0]).toMatchObject({ line: 1, field: 'header' });
  });

  it('imports the same register from an .xlsx workbook (date cells, a named sheet) and names sheet and row', async () => {
    const header = [
      'Mã hồ sơ',
      'Mã thủ tục',
      'Lĩnh vực',
      'Nơi tiếp nhận',
      'Hình thức nộp',
      'Mức độ',
      'Ngày hẹn trả',
      'Ngày có kết quả',
      'Đã số hóa',
      'Ngày tiếp nhận',
    ];
    const at = (iso: string) => new Date(`${iso}Z`);
    const good = await xlsx([
      { name: 'Ghi chú', rows: [['nothing here']] },
      {
        name: 'Hồ sơ',
        rows: [
          header,
          [
            'HS-101',
            '2.000815',
            'Chứng thực',
            'Hoàn Kiếm',
            'Trực tiếp',
            null,
            null,
            at('2025-09-15T10:00:00'),
            true,
            at('2025-09-15T09:10:00'),
          ],
          [
            'HS-102',
            '1.001758',
            null,
            'P2',
            'Trực tuyến',
            'Toàn trình',
            '29/09/2025',
            null,
            'không',
            at('2025-09-15T00:00:00'),
          ],
          [],
          ["'=HS-103", null, 'Xây dựng', 'P2', 'Bưu chính', null, '30/09/2025', null, null, '16/09/2025'],
        ],
      },
    ]);
    const r = await importDossiers(db, [good], { ...OPTS, format: 'xlsx', sheet: 'hồ sơ' });
    expect(r).toMatchObject({ rows: 3, changed: 3, warnings_total: 0 });
    expect(await getDossier(db, 'HS-101')).toMatchObject({
      received_at: '2025-09-15T09:10',
      finished_at: '2025-09-15T10:00',
      due_at: '2025-09-15',
      receiving_point: 'P1',
      digitised: true,
      status: 'on_time',
    });
    expect(await getDossier(db, 'HS-102')).toMatchObject({
      received_at: '2025-09-15',
      field: 'social_policy',
    });
    // A neutralised formula cell reads back as its text.
    expect(await getDossier(db, '=HS-103')).toMatchObject({ field: 'construction', channel: 'postal' });

    await resetStore(db);
    await importCsv(db, 'points', bytes(POINTS), ctx);
    const bad = await xlsx([
      {
        name: 'Hồ sơ',
        rows: [
          header,
          [
            'HS-201',
            '2.000815',
            'Chứng thực',
            'P9',
            'Trực tiếp',
            null,
            null,
            null,
            null,
            at('2025-09-15T09:10:00'),
          ],
          [
            'HS-202',
            '2.000815',
            'Chứng thực',
            'P1',
            'Trực tiếp',
            null,
            null,
            at('2025-09-14T10:00:00'),
            null,
            at('2025-09-15T09:10:00'),
          ],
        ],
      },
    ]);
    const err = await failure(importDossiers(db, [bad], { ...OPTS, format: 'xlsx' }));
    expect(err.details.map((d) => [d.sheet, d.row, d.line, d.field])).toEqual([
      ['Hồ sơ', 2, undefined, 'Nơi tiếp nhận'],
      ['Hồ sơ', 3, undefined, 'Ngày có kết quả'],
    ]);
    expect(await countDossiers(db)).toBe(0);
    const noSheet = await failure(importDossiers(db, [bad], { ...OPTS, format: 'xlsx', sheet: 'Tháng 9' }));
    expect(noSheet.message).toBe('the workbook has no sheet Tháng 9 (sheets: Hồ sơ)');
  });

  it('an .xlsx import leaves nothing in the temporary folder, whether the file imports or is refused', async () => {
    // exceljs spools a worksheet written before its shared strings to a temporary file; the reader thread is
    // terminated before exceljs removes it, so the import gives it a folder of its own and removes that.
    const header = SHORT_DOSSIER_HEADER;
    const good = await xlsx([
      {
        name: 'Hồ sơ',
        rows: [header, ['HS-301', 'Hộ tịch', 'P1', 'Trực tuyến', '15/09/2025', '16/09/2025']],
      },
    ]);
    const bad = await xlsx([
      {
        name: 'Hồ sơ',
        rows: [header, ['HS-302', 'Hộ tịch', 'P9', 'Trực tuyến', '15/09/2025', '16/09/2025']],
      },
    ]);
    const tmp = mkdtempSync(join(tmpdir(), 'dp-xlsx-tmp-'));
    const was = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      expect(await importDossiers(db, [good], { ...OPTS, format: 'xlsx' })).toMatchObject({ rows: 1 });
      await failure(importDossiers(db, [bad], { ...OPTS, format: 'xlsx' }));
    } finally {
      if (was === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = was;
    }
    // (tsx, which runs the thread's TypeScript in tests, keeps its compile cache there.)
    expect(readdirSync(tmp).filter((f) => !f.startsWith('tsx-'))).toEqual([]);
    rmSync(tmp, { recursive: true });
  });

  /** `n` clean dossiers (batches of 20 below: the import writes them while it still reads the file). */
  const many = (n: number) =>
    Array.from({ length: n }, (_, i) => {
      const r = [...ROWS[i % ROWS.length]!];
      r[0] = String(i + 1);
      r[1] = `HS-B${String(i + 1).padStart(4, '0')}`;
      return r;
    });

  it('a bad row late in a big file leaves the store unchanged though earlier batches were already written', async () => {
    const rows = many(300);
    const bad = rows.map((r) => [...r]);
    bad[280]![1] = 'HS-B0003'; // a duplicate of line 4, 14 batches earlier
    bad[290]![9] = '31/02/2025'; // not a date
    const small = { ...OPTS, batchRows: 20 };
    // The COPYs the import sends before it fails (each batch, straight or into the staging table).
    let copies = 0;
    const counted: Db = {
      ...db,
      transaction: (fn) =>
        db.transaction((tx) =>
          fn({
            query: (sql, params) => tx.query(sql, params),
            exec: (sql) => tx.exec(sql),
            copyCsv: (table, columns, csv, format) => {
              copies++;
              return tx.copyCsv(table, columns, csv, format);
            },
          }),
        ),
    };
    // Into an empty register (straight COPY, keys and indexes dropped until the end) …
    const e1 = await failure(importDossiers(counted, bytes(csvOf(HEADER, bad)), small));
    expect(copies).toBe(14); // the 280 rows before the first bad one
    expect(e1.details.map((d) => `${d.line}:${d.field}`)).toEqual(['282:Mã hồ sơ', '292:Ngày tiếp nhận']);
    expect(e1.details[0]!.reason).toMatchObject({ params: { first: { params: { line: 4 } } } });
    expect(await countDossiers(db)).toBe(0);
    expect(await registerVolumeRows(db, '2025-01-01', '2025-12-31')).toEqual([]);
    // … the key came back with the rollback: the clean file imports, and again changes nothing.
    expect(await importDossiers(db, bytes(csvOf(HEADER, rows)), small)).toMatchObject({
      rows: 300,
      changed: 300,
    });
    expect(await importDossiers(db, bytes(csvOf(HEADER, rows)), small)).toMatchObject({
      changed: 0,
      days: 0,
    });
    // Into a register that has rows (staged upserts): nothing of the bad file lands either.
    const volumes = await registerVolumeRows(db, '2025-01-01', '2025-12-31');
    const later = bad.map((r) => [...r]);
    for (const r of later) r[11] = r[11] || '30/09/2025';
    copies = 0;
    const e2 = await failure(importDossiers(counted, bytes(csvOf(HEADER, later)), small));
    expect(copies).toBe(14);
    expect(e2.details.map((d) => d.line)).toEqual([282, 292]);
    expect(await countDossiers(db)).toBe(300);
    expect(await getDossier(db, 'HS-B0002')).toMatchObject({ finished_at: null });
    expect(await registerVolumeRows(db, '2025-01-01', '2025-12-31')).toEqual(volumes);
  });

  it('lists dossiers newest first in pages, filtered', async () => {
    await importDossiers(db, bytes(csvOf(HEADER, ROWS)), OPTS);
    const page1 = await listDossiers(db, { competent_unit: 'P2' }, 2);
    expect(page1.map((d) => d.code)).toEqual(['HS-005', 'HS-004']);
    const page2 = await listDossiers(db, { competent_unit: 'P2', before: 'HS-004' }, 2);
    expect(page2.map((d) => d.code)).toEqual(['HS-003', 'HS-002']);
    expect((await listDossiers(db, { status: 'overdue' }, 10)).map((d) => d.code)).toEqual([
      'HS-004',
      'HS-003',
    ]);
    expect((await listDossiers(db, { field: 'land', from: '2025-09-16', to: '2025-09-16' }, 10)).length).toBe(
      1,
    );
  });
});

describeStores('queue ticket import', (backend) => {
  let db: Db;
  beforeAll(async () => {
    db = await backend.open();
  });
  beforeEach(async () => {
    await resetStore(db);
    await importCsv(db, 'points', bytes(POINTS), ctx);
  });
  afterAll(() => backend.dispose(db));

  const TICKETS = `Điểm phục vụ,Số phiếu,Quầy,Lĩnh vực,Thời gian lấy số,Thời gian gọi,Thời gian kết thúc
P1,001,Q1,Hộ tịch,15/09/2025 08:00,15/09/2025 08:05,15/09/2025 08:15
P1,002,Q2,Hộ tịch,15/09/2025 08:10,15/09/2025 08:25,15/09/2025 08:30
P1,003,,Đất đai,15/09/2025 09:30,,
Sóc Sơn,001,Q1,Chứng thực,15/09/2025 08:00,15/09/2025 08:01,15/09/2025 08:04
`;

  it('imports tickets; arrivals per hour and waits and service times per field follow from them', async () => {
    expect(await importTickets(db, bytes(TICKETS), OPTS)).toMatchObject({ rows: 4, changed: 4 });
    expect(await importTickets(db, bytes(TICKETS), OPTS)).toMatchObject({ changed: 0 });
    expect(await countTickets(db)).toBe(4);
    const t = await listTickets(db, { from: '2025-09-15', to: '2025-09-15', point: 'P1' });
    expect(t[2]).toMatchObject({ number: '003', field: 'land', abandoned: true, called_at: null });
    expect(await ticketArrivalsByHour(db, { from: '2025-09-15', to: '2025-09-15' })).toEqual([
      { point: 'P1', weekday: 1, hour: 8, tickets: 2, days: 1 },
      { point: 'P1', weekday: 1, hour: 9, tickets: 1, days: 1 },
      { point: 'P2', weekday: 1, hour: 8, tickets: 1, days: 1 },
    ]);
    const times = await ticketTimesByField(db, { from: '2025-09-15', to: '2025-09-15' });
    expect(times.find((x) => x.field === 'civil_status')).toMatchObject({
      tickets: 2,
      served: 2,
      abandoned: 0,
      wait_mean_sec: 600, // 5 and 15 minutes
      service_mean_sec: 450, // 10 and 5 minutes
    });
    const profile = await hourlyArrivals(db, { from: '2025-09-15', to: '2025-09-15', points: ['P1'] });
    expect(profile.map((p) => [p.hour, p.arrivalsPerHour, p.share])).toEqual([
      [8, 2, 2 / 3],
      [9, 1, 1 / 3],
    ]);
    const byField = await serviceTimesByField(db, { from: '2025-09-15', to: '2025-09-15', point: 'P1' });
    expect(byField.get('land')).toMatchObject({ abandonRate: 1 });
    expect(byField.get('civil_status')).toMatchObject({ abandonRate: 0, service_mean_sec: 450 });
    expect(times.find((x) => x.field === 'land')).toMatchObject({
      tickets: 1,
      served: 0,
      abandoned: 1,
      wait_mean_sec: null,
    });
  });

  it('refuses a bad ticket log whole, naming every row', async () => {
    const bad = `point,number,field,issued_at,called_at,finished_at
P1,001,civil_status,15/09/2025 08:00,15/09/2025 07:55,
P1,001,civil_status,15/09/2025 09:00,,
P1,002,civil_status,15/09/2025,,
P1,003,civil_status,15/09/2025 08:00,,15/09/2025 08:20
`;
    const err = await failure(importTickets(db, bytes(bad), OPTS));
    expect(err.details.map((d) => `${d.line}:${d.field}`)).toEqual([
      '2:called_at',
      '3:number',
      '4:issued_at',
      '5:finished_at',
    ]);
    expect(await countTickets(db)).toBe(0);
  });
});
