import { rmSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.ts';
import { countDossiers } from '../../src/store/dossiers-repo.ts';
import { countTickets } from '../../src/store/tickets-repo.ts';
import { type TestApi, testApi, waitFor } from '../helpers/api.ts';
import { describeStores } from '../helpers/backends.ts';
import { modelsWithAcmeMapping } from '../helpers/mappings.ts';
import { SHORT_DOSSIER_HEADER } from '../helpers/register-rows.ts';

const REGISTER =
  'Mã hồ sơ,Mã thủ tục,Lĩnh vực,Nơi tiếp nhận,Cơ quan giải quyết,Hình thức nộp,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả\n' +
  'HS-1,2.000815,Chứng thực,Hoàn Kiếm,,Trực tiếp,15/09/2025 09:00,,15/09/2025 11:00\n' +
  'HS-2,,Đất đai,P1,Sóc Sơn,Trực tuyến,16/09/2025,30/09/2025,\n' +
  'HS-3,,Hộ tịch,P2,,Bưu chính,17/09/2025,19/09/2025,22/09/2025\n';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function workbook(rows: unknown[][], name = 'Hồ sơ'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(name);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describeStores('register API', (backend) => {
  let db: Db;
  let t: TestApi;
  beforeAll(async () => {
    db = await backend.open();
    t = await testApi(db);
  });
  afterAll(async () => {
    await t.app.close();
    await backend.dispose(db);
  });

  it('POST /dossiers imports a CSV body (planner, scheduler), not as a viewer; GET lists and reads them', async () => {
    const denied = await t.as('viewer', {
      method: 'POST',
      url: '/dossiers',
      headers: { 'content-type': 'text/csv' },
      payload: REGISTER,
    });
    expect(denied.statusCode).toBe(403);
    const res = await t.as('planner', {
      method: 'POST',
      url: '/dossiers',
      headers: { 'content-type': 'text/csv' },
      payload: REGISTER,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      kind: 'dossiers',
      rows: 3,
      changed: 3,
      warnings_total: 0,
      warnings: [],
    });
    const again = await t.as('scheduler', {
      method: 'POST',
      url: '/dossiers',
      headers: { 'content-type': 'text/csv' },
      payload: REGISTER,
    });
    expect(again.json()).toMatchObject({ rows: 3, changed: 0 });
    // As after an import job, the overdue-risk refresh is queued (once for one file) and lists the pending dossier.
    const refresh = res.json().risk_refresh as string;
    expect(refresh).toMatch(/^alerts-overdue-risk-\d{4}-\d{2}-\d{2}-i[0-9a-f]{8}$/);
    expect(again.json().risk_refresh).toBe(refresh);
    const ran = await waitFor(async () => {
      const j = (await t.as('viewer', `/jobs/${refresh}`)).json();
      return j.state === 'completed' || j.state === 'failed' ? j : undefined;
    });
    expect(ran.state, JSON.stringify(ran)).toBe('completed');
    const risks = (await t.as('viewer', '/alerts/overdue-risk')).json();
    expect(risks.refresh.id).toBe(refresh);
    expect(risks.items.map((x: { code: string }) => x.code)).toEqual(['HS-2']);

    const page = (await t.as('viewer', '/dossiers?limit=2')).json();
    expect(page.dossiers.map((d: { code: string }) => d.code)).toEqual(['HS-3', 'HS-2']);
    expect(page.next).toBe('HS-2');
    const rest = (await t.as('viewer', `/dossiers?limit=2&before=${page.next}`)).json();
    expect(rest).toMatchObject({ count: 1, next: null });
    expect(rest.dossiers[0]).toMatchObject({
      code: 'HS-1',
      status: 'on_time',
      received_at: '2025-09-15T09:00',
    });
    const overdue = (await t.as('viewer', '/dossiers?status=overdue&competent_unit=P2')).json();
    expect(overdue.dossiers.map((d: { code: string }) => d.code)).toEqual(['HS-3']);
    expect((await t.as('viewer', '/dossiers?field=land&from=2025-09-16&to=2025-09-16')).json().count).toBe(1);
    expect((await t.as('viewer', '/dossiers?status=late')).statusCode).toBe(400);
    const one = await t.as('viewer', '/dossiers/HS-2');
    expect(one.json()).toMatchObject({ competent_unit: 'P2', due_at: '2025-09-30', status: 'pending' });
    const missing = await t.as('viewer', { url: '/dossiers/NOPE', headers: { 'accept-language': 'vi' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toBe('không có hồ sơ mã NOPE');
  });

  it('POST /dossiers takes an .xlsx body or multipart file and answers 422 naming sheet and row', async () => {
    const header = SHORT_DOSSIER_HEADER;
    const good = await workbook([
      header,
      ['HS-10', 'Hộ tịch', 'Sóc Sơn', 'Trực tuyến', '18/09/2025', '19/09/2025'],
    ]);
    const res = await t.as('planner', {
      method: 'POST',
      url: '/dossiers',
      headers: { 'content-type': XLSX_TYPE },
      payload: good,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ rows: 1, changed: 1 });

    const bad = await workbook([
      header,
      ['HS-11', 'Hộ tịch', 'Ba Vì', 'Trực tuyến', '18/09/2025', '19/09/2025'],
      ['HS-12', 'Hộ tịch', 'P1', 'Trực tuyến', '18/13/2025', '19/09/2025'],
    ]);
    const boundary = '----dp';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="hoso.xlsx"\r\nContent-Type: ${XLSX_TYPE}\r\n\r\n`,
      ),
      bad,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const before = await countDossiers(db);
    const refused = await t.as('planner', {
      method: 'POST',
      url: '/dossiers',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'accept-language': 'vi' },
      payload,
    });
    expect(refused.statusCode).toBe(422);
    const body = refused.json();
    expect(body.code).toBe('IMPORT_INVALID');
    expect(body.message).toBe('tệp hồ sơ có 2 dòng không hợp lệ; chưa ghi dữ liệu nào');
    expect(body.details).toMatchObject([
      { sheet: 'Hồ sơ', row: 2, field: 'Nơi tiếp nhận', value: 'Ba Vì' },
      { sheet: 'Hồ sơ', row: 3, field: 'Ngày tiếp nhận', value: '18/13/2025' },
    ]);
    expect(await countDossiers(db)).toBe(before);
  });

  it('?mode=job queues a register import on the import queue; POST /tickets imports a ticket log', async () => {
    const csv = `${REGISTER.split('\n')[0]}\nHS-20,,Xây dựng,P2,,Trực tiếp,18/09/2025,25/09/2025,\n`;
    const job = await t.as('scheduler', {
      method: 'POST',
      url: '/dossiers?mode=job',
      headers: { 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(job.statusCode).toBe(202);
    const id = job.json().job.id as string;
    expect(id).toMatch(/^import-dossiers-[0-9a-f]{16}$/);
    const done = await waitFor(async () => {
      const j = (await t.as('viewer', `/jobs/${id}`)).json();
      return j.state === 'completed' || j.state === 'failed' ? j : undefined;
    });
    expect(done.result).toMatchObject({ kind: 'dossiers', rows: 1, changed: 1 });
    expect((await t.as('viewer', '/dossiers/HS-20')).json()).toMatchObject({ field: 'construction' });

    const tickets = await t.as('planner', {
      method: 'POST',
      url: '/tickets',
      headers: { 'content-type': 'text/csv' },
      payload:
        'Điểm phục vụ,Số phiếu,Lĩnh vực,Thời gian lấy số,Thời gian gọi,Thời gian kết thúc\nP1,001,Hộ tịch,15/09/2025 08:00,15/09/2025 08:05,15/09/2025 08:15\n',
    });
    expect(tickets.statusCode, tickets.body).toBe(200);
    expect(tickets.json()).toMatchObject({ kind: 'tickets', rows: 1, changed: 1 });
    expect(await countTickets(db)).toBe(1);
  });

  it('?mapping= reads another system’s export with a mapping file of models/import/ (listed by GET /import/mappings), directly or as a job; an unknown or wrong-kind mapping is a 400 naming it', async () => {
    const models = modelsWithAcmeMapping();
    const m = await testApi(db, { env: { RATE_LIMIT_PER_MINUTE: '0', MODELS_DIR: models } });
    try {
      const list = await m.as('planner', '/import/mappings');
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json().mappings).toEqual([
        expect.objectContaining({ name: 'attendance-default.json', kind: 'attendance' }),
        {
          name: 'dossiers-acme.json',
          kind: 'dossiers',
          description: 'ACME one-stop export (English headers)',
        },
        expect.objectContaining({ name: 'dossiers-default.json', kind: 'dossiers' }),
        expect.objectContaining({ name: 'tickets-default.json', kind: 'tickets' }),
      ]);
      expect((await m.as('viewer', '/import/mappings')).statusCode).toBe(403);
      const csv =
        'Dossier No,Sector,Office,Channel,Received,Due\nAC-1,Land,P1,Walk-in,15/09/2025,29/09/2025\n';
      // Without the mapping the headers mean nothing: refused, nothing written.
      const plain = await m.as('planner', {
        method: 'POST',
        url: '/dossiers',
        headers: { 'content-type': 'text/csv' },
        payload: csv,
      });
      expect(plain.statusCode).toBe(422);
      const res = await m.as('planner', {
        method: 'POST',
        url: '/dossiers?mapping=dossiers-acme',
        headers: { 'content-type': 'text/csv' },
        payload: csv,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ kind: 'dossiers', rows: 1, changed: 1 });
      expect((await m.as('viewer', '/dossiers/AC-1')).json()).toMatchObject({
        field: 'land',
        channel: 'in_person',
        receiving_point: 'P1',
      });
      // As a job, the mapping travels with it.
      const job = await m.as('planner', {
        method: 'POST',
        url: '/dossiers?mapping=dossiers-acme.json&mode=job',
        headers: { 'content-type': 'text/csv' },
        payload: csv.replace('AC-1,Land', 'AC-2,Civil').replace('Walk-in', 'Web'),
      });
      expect(job.statusCode).toBe(202);
      const id = job.json().job.id as string;
      const done = await waitFor(async () => {
        const j = (await m.as('viewer', `/jobs/${id}`)).json();
        return j.state === 'completed' || j.state === 'failed' ? j : undefined;
      });
      expect(done.result).toMatchObject({ kind: 'dossiers', rows: 1, changed: 1 });
      expect((await m.as('viewer', '/dossiers/AC-2')).json()).toMatchObject({
        field: 'civil_status',
        channel: 'online',
      });
      for (const [url, reason] of [
        [
          '/dossiers?mapping=nope',
          /not a mapping file of models\/import\/ \(there: attendance-default.json, dossiers-acme.json, dossiers-default.json, tickets-default.json\)/,
        ],
        ['/dossiers?mapping=..%2Fprocedures.json', /not a mapping file/],
        ['/tickets?mapping=dossiers-acme', /the mapping file is for dossiers, not tickets/],
      ] as const) {
        const bad = await m.as('planner', {
          method: 'POST',
          url,
          headers: { 'content-type': 'text/csv' },
          payload: csv,
        });
        expect(bad.statusCode).toBe(400);
        const body = bad.json();
        expect(body.code).toBe('INPUT_INVALID');
        expect(body.details[0]).toMatchObject({ field: 'querystring/mapping' });
        expect(body.details[0].reason).toMatch(reason);
      }
      // In Vietnamese the kinds are named in Vietnamese too.
      const vi = await m.as('planner', {
        method: 'POST',
        url: '/tickets?mapping=dossiers-acme',
        headers: { 'content-type': 'text/csv', 'accept-language': 'vi' },
        payload: csv,
      });
      expect(vi.json().details[0].reason).toBe('tệp ánh xạ dành cho hồ sơ, không phải phiếu xếp hàng');
      expect(await countDossiers(db)).toBeGreaterThanOrEqual(2);
    } finally {
      await m.app.close();
      rmSync(models, { recursive: true, force: true });
    }
  });
});
