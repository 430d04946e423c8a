import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.ts';
import { renderTexts } from '../../src/core/messages.ts';
import type { Db } from '../../src/store/db.ts';
import { listPoints } from '../../src/store/points-repo.ts';
import { listStaff } from '../../src/store/staff-repo.ts';
import { countVolumes, iterateVolumes } from '../../src/store/volumes-repo.ts';
import { type ImportContext, importCsv } from '../../src/usecases/import/import.ts';
import { describeStores, resetStore } from '../helpers/backends.ts';

const ctx: ImportContext = {
  defaultHours: { weekday: [['08:00', '12:00']], saturday: [] },
  enrichUnits: (units) =>
    units.map((u) => ({
      ...u,
      branch: 'B1',
      counters: 2,
      min_staff: 2,
      opening_hours: { weekday: [['08:00', '12:00']], saturday: [] },
    })),
};

const POINTS = `code,name,type,branch,lat,lon,population,area_km2,counters,min_staff,weekday_hours,saturday_hours
P1,Hoàn Kiếm,ward,Chi nhánh 1,21.03,105.85,105301,1.91,4,2,08:00-12:00;13:00-17:00,08:00-12:00
P2,Sóc Sơn,commune,Chi nhánh 2,21.25,105.85,80000,90.5,2,2,08:00-12:00;13:00-17:00,
`;
const STAFF = `id,name,home_point,fields,fte,role,active
S1,Nguyễn Văn An,P1,land;civil_status,1,point_lead,true
S2,Trần Thị Bình,P2,certification,0.5,staff,
`;
const VOLUMES = `date,point,channel,field,received,resolved,on_time,overdue
2025-07-01,P1,in_person,land,10,9,8,1
2025-07-01,P1,online,land,12,12,12,0
2025-07-02,P2,postal,other,1,0,0,0
`;

const bytes = (s: string) => [Buffer.from(s, 'utf8')];

async function expectImportError(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    return err as DomainError;
  }
  throw new Error('expected the import to fail');
}

describeStores('CSV import', (backend) => {
  let db: Db;
  beforeAll(async () => {
    db = await backend.open();
  });
  beforeEach(async () => {
    await resetStore(db);
    await importCsv(db, 'points', bytes(POINTS), ctx);
  });
  afterAll(() => backend.dispose(db));

  it('imports points, staff and volumes; re-importing the same file changes nothing', async () => {
    expect(await listPoints(db)).toHaveLength(2);
    const s1 = await importCsv(db, 'staff', bytes(STAFF), ctx);
    expect(s1).toMatchObject({ rows: 2, changed: 2 });
    const v1 = await importCsv(db, 'volumes', bytes(VOLUMES), ctx);
    expect(v1).toMatchObject({ rows: 3, changed: 3 });
    const again = await importCsv(db, 'volumes', bytes(VOLUMES), ctx);
    expect(again).toMatchObject({ rows: 3, changed: 0 });
    expect(await countVolumes(db)).toBe(3);
    expect((await importCsv(db, 'points', bytes(POINTS), ctx)).changed).toBe(0);
    const staff = await listStaff(db);
    expect(staff[1]).toMatchObject({ id: 'S2', fields: ['certification'], fte: 0.5, active: true });
    const p = await listPoints(db);
    expect(p[0]!.name).toBe('Hoàn Kiếm');
    expect(p[1]!.opening_hours.saturday).toEqual([]);
  });

  it('a changed row is updated in place (upsert by natural key)', async () => {
    await importCsv(db, 'volumes', bytes(VOLUMES), ctx);
    const changed = VOLUMES.replace(
      '2025-07-02,P2,postal,other,1,0,0,0',
      '2025-07-02,P2,postal,other,3,1,1,0',
    );
    expect((await importCsv(db, 'volumes', bytes(changed), ctx)).changed).toBe(1);
    const rows = [];
    for await (const r of iterateVolumes(db, { point: 'P2' })) rows.push(r);
    expect(rows).toEqual([
      {
        date: '2025-07-02',
        point: 'P2',
        channel: 'postal',
        field: 'other',
        received: 3,
        resolved: 1,
        on_time: 1,
        overdue: 0,
      },
    ]);
  });

  it('one bad row writes nothing and every bad row is reported with line, column and reason', async () => {
    const bad = `date,point,channel,field,received,resolved,on_time,overdue
2025-07-01,P1,in_person,land,10,9,8,1
2025-02-30,P1,online,land,12,12,12,0
2025-07-01,P9,online,land,1,1,1,0
2025-07-03,P1,walk_in,land,1,1,1,0
2025-07-04,P1,online,land,-4,0,0,0
2025-07-05,P1,online,land,abc,0,0,0
2025-07-01,P1,in_person,land,3,3,3,0
2025-07-06,P1,online,land,5,6,7,0
`;
    const err = await expectImportError(importCsv(db, 'volumes', bytes(bad), ctx));
    expect(err.code).toBe('IMPORT_INVALID');
    const byLine = Object.fromEntries(renderTexts(err.details, 'en').map((d) => [d.line, d]));
    expect(byLine[3]).toMatchObject({ field: 'date', value: '2025-02-30' });
    expect(byLine[4]).toMatchObject({ field: 'point', value: 'P9', reason: 'unknown point code' });
    expect(byLine[5]).toMatchObject({ field: 'channel', value: 'walk_in' });
    expect(byLine[6]).toMatchObject({ field: 'received', value: '-4' });
    expect(byLine[7]).toMatchObject({ field: 'received', reason: 'must be a whole number' });
    expect(byLine[8]!.reason).toMatch(/duplicate key: same as line 2/);
    // The values in the order the field names them.
    expect(byLine[8]).toMatchObject({
      field: 'date,point,channel,field',
      value: '2025-07-01,P1,in_person,land',
    });
    expect(byLine[9]).toMatchObject({ field: 'on_time' });
    expect(err.message).toMatch(/7 bad rows; nothing was written/);
    expect(await countVolumes(db)).toBe(0);
  });

  it('batches already written are rolled back when a later row is bad (first import and upsert)', async () => {
    const good = Array.from(
      { length: 9 },
      (_, i) => `2025-07-${String(i + 1).padStart(2, '0')},P1,online,land,${i + 1},0,0,0`,
    );
    const file = (tail: string) =>
      `date,point,channel,field,received,resolved,on_time,overdue\n${good.join('\n')}\n${tail}\n`;
    const small = { ...ctx, batchRows: 2 };
    const bad = file('2025-07-10,P1,online,land,x,0,0,0\n2025-07-01,P1,online,land,1,0,0,0');
    const err = await expectImportError(importCsv(db, 'volumes', bytes(bad), small));
    expect(renderTexts(err.details, 'en').map((d) => [d.line, d.field])).toEqual([
      [11, 'received'],
      [12, 'date,point,channel,field'],
    ]);
    expect(await countVolumes(db)).toBe(0);
    // Into a store that has volumes: the upsert batches roll back too.
    await importCsv(db, 'volumes', bytes(VOLUMES), ctx);
    await expectImportError(importCsv(db, 'volumes', bytes(bad), small));
    expect(await countVolumes(db)).toBe(3);
    expect((await importCsv(db, 'volumes', bytes(file('')), small)).changed).toBe(9);
    expect(await countVolumes(db)).toBe(11); // 2025-07-01 P1 online land was one of the three
  });

  it("an ordinary daily report imports: resolved on a day may exceed that day's received", async () => {
    const report = `date,point,channel,field,received,resolved,on_time,overdue
2025-07-07,P1,in_person,land,5,12,11,1
`;
    expect(await importCsv(db, 'volumes', bytes(report), ctx)).toMatchObject({ rows: 1, changed: 1 });
    const rows = [];
    for await (const r of iterateVolumes(db, { point: 'P1' })) rows.push(r);
    expect(rows).toMatchObject([{ received: 5, resolved: 12, on_time: 11, overdue: 1 }]);
  });

  it('rejects a wrong header, an empty file and non-UTF-8 bytes; accepts a UTF-8 BOM', async () => {
    const header = await expectImportError(
      importCsv(db, 'volumes', bytes('day,point,count\n2025-01-01,P1,3\n'), ctx),
    );
    expect(header.message).toMatch(
      /wrong header \(missing date, channel, field, received; unknown day, count\)/,
    );
    const empty = await expectImportError(importCsv(db, 'volumes', bytes(''), ctx));
    expect(empty.message).toMatch(/empty/);
    const latin1 = Buffer.concat([
      Buffer.from(STAFF.split('\n').slice(0, 2).join('\n')),
      Buffer.from('\nS3,Tr\xe2n,P1,land,1,staff,true\n', 'latin1'),
    ]);
    const enc = await expectImportError(importCsv(db, 'staff', [latin1], ctx));
    expect(enc.message).toMatch(/not valid UTF-8 \(first invalid byte on line 3\)/);
    expect(await listStaff(db)).toHaveLength(0);
    const bom = await importCsv(
      db,
      'staff',
      [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(STAFF)])],
      ctx,
    );
    expect(bom.rows).toBe(2);
  });

  it('staff must belong to a known point and have known fields', async () => {
    const bad = `id,name,home_point,fields,fte,role
S1,A,P1,land;astrology,1,staff
S2,B,PX,land,1,staff
S3,C,P1,land,1.5,boss
`;
    const err = await expectImportError(importCsv(db, 'staff', bytes(bad), ctx));
    expect(err.details.map((d) => `${d.line}:${d.field}`)).toEqual([
      '2:fields',
      '3:home_point',
      '4:fte',
      '4:role',
    ]);
  });

  it('staff roles and work-type skills: specialists and listed skills import; files without them keep the defaults', async () => {
    const withSkills = `id,name,home_point,fields,fte,role,active,skills
S1,Nguyễn Văn An,P1,land,1,staff,true,counter_reception;digitisation
S2,Lê Thị Cúc,P1,land;construction,1,specialist,true,
S3,Phạm Minh,P2,civil_status,1,point_lead,,
`;
    expect(await importCsv(db, 'staff', bytes(withSkills), ctx)).toMatchObject({ rows: 3, changed: 3 });
    const staff = await listStaff(db);
    expect(staff.map((s) => [s.id, s.role, s.skills])).toEqual([
      ['S1', 'staff', ['counter_reception', 'digitisation']],
      ['S2', 'specialist', []],
      ['S3', 'point_lead', []],
    ]);
    expect((await importCsv(db, 'staff', bytes(withSkills), ctx)).changed).toBe(0);
    // The old header (no skills column): valid, skills cleared to the role's default (empty list).
    expect(await importCsv(db, 'staff', bytes(STAFF), ctx)).toMatchObject({ rows: 2 });
    expect((await listStaff(db)).find((s) => s.id === 'S1')!.skills).toEqual([]);
    const bad = `id,name,home_point,fields,fte,role,skills
S4,A,P1,land,1,staff,counter_reception;astrology
S5,B,P1,land,1,staff,digitisation;digitisation
`;
    const err = await expectImportError(importCsv(db, 'staff', bytes(bad), ctx));
    expect(err.details.map((d) => `${d.line}:${d.field}`)).toEqual(['2:skills', '3:skills']);
    expect((await listStaff(db)).map((s) => s.id)).toEqual(['S1', 'S2', 'S3']);
  });

  it('accepts the official unit list format and enriches it', async () => {
    const units = `code,name,type,population,area_km2,lat,lon,source_note
00070,Hoàn Kiếm,ward,105301,1.91,21.0320,105.8504,"NQ1656 art.1 cl.1; code CV1027"
`;
    const r = await importCsv(db, 'points', bytes(units), ctx);
    expect(r).toMatchObject({ rows: 1, changed: 1 });
    expect((await listPoints(db)).find((p) => p.code === '00070')).toMatchObject({
      branch: 'B1',
      counters: 2,
    });
  });

  it('NFC-normalises Vietnamese text (decomposed input is stored composed)', async () => {
    const nfd = 'Hoàn Kiếm'.normalize('NFD');
    await importCsv(db, 'points', bytes(POINTS.replace('Hoàn Kiếm', nfd)), ctx);
    const name = (await listPoints(db))[0]!.name;
    expect(name).toBe('Hoàn Kiếm'.normalize('NFC'));
    expect(name.normalize('NFC')).toBe(name);
  });
});
