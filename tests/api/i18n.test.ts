import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeeklyPlan } from '../../src/core/optimize/weekly-plan.ts';
import type { Db } from '../../src/store/db.ts';
import { type TestApi, testApi, waitFor } from '../helpers/api.ts';
import { pgliteBackend } from '../helpers/backends.ts';
import { weeklyPlanFixture } from '../helpers/weekly-plan-fixture.ts';

const VI = { 'accept-language': 'vi-VN,vi;q=0.9,en;q=0.5' };

describe('API texts in the caller’s language', () => {
  let db: Db;
  let t: TestApi;
  beforeAll(async () => {
    db = await pgliteBackend.open();
    t = await testApi(db);
    const plan = buildWeeklyPlan(weeklyPlanFixture());
    await db.query(
      `INSERT INTO plans (id, week, parameters, inputs, kpis, result) VALUES ('plan-i18n', $1, '{}', '{}', $2, $3)`,
      [plan.week, JSON.stringify(plan.kpis), JSON.stringify(plan)],
    );
  });
  afterAll(async () => {
    await t.app.close();
    await db.close();
  });

  it('an error in Vietnamese: title, message, Content-Language', async () => {
    const res = await t.app.inject({ url: '/points', headers: VI });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-language']).toBe('vi');
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    const body = res.json();
    expect(body.code).toBe('UNAUTHORIZED');
    expect(body.title).toBe('Thiếu khóa API hoặc khóa API không hợp lệ');
    expect(body.message).toBe('cần gửi khóa API: Authorization: Bearer <khóa>');
  });

  it('without Accept-Language (or in English) errors are as before', async () => {
    for (const headers of [{}, { 'accept-language': 'en-US,en;q=0.9' }]) {
      const res = await t.app.inject({ url: '/points', headers });
      expect(res.headers['content-language']).toBe('en');
      expect(res.json()).toMatchObject({
        title: 'UNAUTHORIZED',
        message: 'send an API key: Authorization: Bearer <key>',
        detail: 'send an API key: Authorization: Bearer <key>',
      });
    }
    const missing = await t.as('viewer', { url: '/plans/nope', headers: VI });
    expect(missing.json()).toMatchObject({ code: 'NOT_FOUND', message: 'không có phương án mã nope' });
    const route = await t.as('viewer', { url: '/nowhere', headers: VI });
    expect(route.json()).toMatchObject({ title: 'Không tìm thấy dữ liệu được yêu cầu' });
    expect(route.json().message).toMatch(/^không có đường dẫn GET \/nowhere/);
  });

  it('request validation errors name the field with a Vietnamese reason', async () => {
    const res = await t.as('planner', {
      method: 'POST',
      url: '/plans',
      headers: { ...VI, 'content-type': 'application/json' },
      payload: JSON.stringify({ weeks: '2026-01-05' }),
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.title).toBe('Dữ liệu đầu vào không đúng mẫu hoặc quy tắc');
    expect(body.details).toEqual(
      expect.arrayContaining([{ field: 'body', reason: "thiếu trường bắt buộc 'week'" }]),
    );
    expect(body.message).toMatch(/^nội dung của yêu cầu không hợp lệ: body: /);
    const monday = await t.as('planner', {
      method: 'POST',
      url: '/plans',
      headers: { ...VI, 'content-type': 'application/json' },
      payload: JSON.stringify({ week: '2026-01-06' }),
    });
    expect(monday.json()).toMatchObject({
      message: 'tuần phải bắt đầu vào thứ Hai; 06/01/2026 không phải thứ Hai',
      details: [{ field: 'body/week', value: '2026-01-06', reason: 'không phải thứ Hai' }],
    });
  });

  it('a bad CSV import names row and field with a Vietnamese reason, and nothing else', async () => {
    const bad =
      'date,point,channel,field,received\n2026-01-06,P1,online,land,3\n2026-02-30,P1,fax,land,-1\n2026-01-06,NOPE,online,land,1\n';
    const post = (headers: Record<string, string>) =>
      t.as('planner', {
        method: 'POST',
        url: '/volumes',
        headers: { ...headers, 'content-type': 'text/csv' },
        payload: bad,
      });
    const res = await post(VI);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-language']).toBe('vi');
    const body = res.json();
    expect(body.code).toBe('IMPORT_INVALID');
    expect(body.title).toBe('Tệp nhập có dòng không hợp lệ; chưa ghi dữ liệu nào');
    expect(body.message).toBe('tệp số lượng hồ sơ có 2 dòng không hợp lệ; chưa ghi dữ liệu nào');
    const at = (line: number, field: string) =>
      body.details.find((d: { line: number; field: string }) => d.line === line && d.field === field);
    expect(at(3, 'date')).toEqual({
      line: 3,
      field: 'date',
      value: '2026-02-30',
      reason: 'không phải ngày hợp lệ (ghi theo dạng YYYY-MM-DD)',
    });
    expect(at(3, 'received').reason).toBe('phải ≥ 0');
    expect(at(3, 'channel').reason).toBe('phải là một trong các giá trị: in_person, online, postal');
    expect(at(4, 'point').reason).toBe('mã điểm phục vụ không tồn tại');
    expect(JSON.stringify(body)).not.toContain('_msg');
    // English: the texts of before.
    const en = (await post({})).json();
    expect(en.message).toBe('volumes file has 2 bad rows; nothing was written');
    expect(en.details.find((d: { field: string }) => d.field === 'date')).toEqual({
      line: 3,
      field: 'date',
      value: '2026-02-30',
      reason: 'must be a real date written YYYY-MM-DD',
    });
  });

  it('a failed import job tells its error in the reader’s language', async () => {
    const job = await t.as('scheduler', {
      method: 'POST',
      url: '/volumes?mode=job',
      headers: { 'content-type': 'text/csv' },
      payload: 'date,point,channel,field,received\n2026-01-08,P2,online,land,x\n',
    });
    expect(job.statusCode).toBe(202);
    const id = job.json().job.id as string;
    const failed = await waitFor(async () => {
      const j = (await t.as('viewer', { url: `/jobs/${id}`, headers: VI })).json();
      return j.state === 'failed' ? j : undefined;
    });
    expect(failed.error).toEqual({
      code: 'IMPORT_INVALID',
      message: 'tệp số lượng hồ sơ có 1 dòng không hợp lệ; chưa ghi dữ liệu nào',
      details: [{ line: 2, field: 'received', value: 'x', reason: 'phải là số nguyên' }],
    });
    const en = (await t.as('viewer', `/jobs/${id}`)).json();
    expect(en.error).toEqual({
      code: 'IMPORT_INVALID',
      message: 'volumes file has 1 bad row; nothing was written',
      details: [{ line: 2, field: 'received', value: 'x', reason: 'must be a whole number' }],
    });
  });

  it('a plan’s move reasons and explanation in Vietnamese; English unchanged; no messages leak', async () => {
    const vi = await t.as('viewer', { url: '/plans/plan-i18n', headers: VI });
    expect(vi.statusCode).toBe(200);
    expect(vi.headers['content-language']).toBe('vi');
    const moves = vi.json().result.roster.moves as Array<{ reason: string }>;
    expect(moves.length).toBeGreaterThan(0);
    for (const m of moves) expect(m.reason).toMatch(/^Hoàn Kiếm thiếu [\d,]+ cán bộ quầy tiếp nhận vào thứ /);
    expect(vi.json().result.explanation[0]).toMatch(/^Tuần 2026-W02/);
    expect(vi.body).not.toContain('_msg');
    const en = await t.as('viewer', '/plans/plan-i18n');
    expect(en.json().result.roster.moves[0].reason).toMatch(/^Hoàn Kiếm lacks [\d.]+ counter staff on /);
    expect(en.json().result.explanation[0]).toMatch(/^Week 2026-W02/);
    expect(en.body).not.toContain('_msg');
    const csv = await t.as('viewer', { url: '/plans/plan-i18n/csv', headers: VI });
    expect(csv.body).toMatch(/Hoàn Kiếm thiếu/);
  });

  it('cached answers do not cross languages', async () => {
    const url = '/plans/plan-i18n?detail=summary';
    const first = await t.as('viewer', url);
    expect(first.headers['x-cache']).toBeUndefined();
    const again = await t.as('viewer', url);
    expect(again.headers['x-cache']).toBe('hit'); // the cache is on
    const vi = await t.as('viewer', { url, headers: VI });
    expect(vi.headers['x-cache']).toBeUndefined();
    expect(vi.headers['content-language']).toBe('vi');
    expect(vi.headers.vary).toMatch(/accept-language/i);
    expect(vi.json().result.roster.moves[0].reason).toMatch(/thiếu/);
    const viAgain = await t.as('viewer', { url, headers: VI });
    expect(viAgain.headers['x-cache']).toBe('hit');
    expect(viAgain.json().result.roster.moves[0].reason).toMatch(/thiếu/);
    const enAgain = await t.as('viewer', url);
    expect(enAgain.headers['content-language']).toBe('en');
    expect(enAgain.json().result.roster.moves[0].reason).toMatch(/lacks/);
  });
});
