import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.ts';
import { type TestApi, testApi, waitFor } from '../helpers/api.ts';
import { pgliteBackend } from '../helpers/backends.ts';

const VI = { 'accept-language': 'vi-VN,vi;q=0.9' };
const JSON_CT = { 'content-type': 'application/json' };

/** The rarer server texts (route checks, forecasts, calendar, jobs, fastify's own refusals) in Vietnamese. */
describe('API texts in Vietnamese: route checks, calendar, forecasts, jobs, fastify', () => {
  let db: Db;
  let t: TestApi;
  beforeAll(async () => {
    db = await pgliteBackend.open();
    t = await testApi(db);
  });
  afterAll(async () => {
    await t.app.close();
    await db.close();
  });

  it('calendar: a missing closure and a bad range; English as before', async () => {
    const url = '/calendar/closures/2026-01-01/Ng%C3%A0y%20h%E1%BB%99i';
    const vi = await t.as('planner', { method: 'DELETE', url, headers: VI });
    expect(vi.statusCode).toBe(404);
    expect(vi.json().message).toBe('không có ngày nghỉ cục bộ “Ngày hội” vào ngày 01/01/2026');
    const en = await t.as('planner', { method: 'DELETE', url });
    expect(en.json().message).toBe('no closure Ngày hội on 2026-01-01');
    const range = await t.as('viewer', { url: '/calendar?from=2026-01-10&to=2026-01-01', headers: VI });
    expect(range.statusCode).toBe(400);
    expect(range.json().message).toMatch(/^from\.\.to phải là ngày hợp lệ, cách nhau không quá \d+ ngày$/);
    expect(range.json().details).toEqual([
      { field: 'querystring/to', value: '2026-01-01', reason: 'khoảng ngày không hợp lệ' },
    ]);
    const point = await t.as('viewer', {
      url: '/calendar?from=2026-01-01&to=2026-01-02&point=ZZ',
      headers: VI,
    });
    expect(point.json().message).toBe('không có điểm phục vụ mã ZZ');
    const unknown = await t.as('planner', {
      method: 'POST',
      url: '/calendar/closures',
      headers: { ...VI, ...JSON_CT },
      payload: JSON.stringify({ date: '2026-01-02', name: 'Mất điện', closed: true, points: ['P1', 'QQ'] }),
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toBe('mã điểm phục vụ không xác định: QQ');
    expect(unknown.json().details[0].reason).toBe('mã điểm phục vụ không xác định');
  });

  it('forecasts and volumes: no run yet, unknown run, unknown level, too long a range', async () => {
    const latest = await t.as('viewer', { url: '/forecasts/latest', headers: VI });
    expect(latest.statusCode).toBe(404);
    expect(latest.json().message).toBe('chưa có lần dự báo nào: hãy chạy dự báo bằng POST /forecasts');
    const run = await t.as('viewer', { url: '/forecasts/fc-nope', headers: VI });
    expect(run.json().message).toBe('không có lần dự báo fc-nope');
    const volumes = await t.as('viewer', { url: '/volumes?from=2020-01-01&to=2026-01-01', headers: VI });
    expect(volumes.statusCode).toBe(400);
    expect(volumes.json().message).toBe('khoảng from..to không được dài quá 800 ngày');
    expect(volumes.json().details[0].reason).toBe('phải từ ngày from trở đi và không muộn hơn quá 800 ngày');
    const en = await t.as('viewer', '/volumes?from=2020-01-01&to=2026-01-01');
    expect(en.json().message).toBe('from..to must be a range of at most 800 days');
  });

  it('keys and uploads: revoking one’s own key, a CSV sent as JSON', async () => {
    const me = (await t.as('admin', '/me')).json();
    const self = await t.as('admin', { method: 'DELETE', url: `/keys/${me.keyId}`, headers: VI });
    expect(self.statusCode).toBe(409);
    expect(self.json().message).toBe('không thể dùng một khóa để tự thu hồi chính khóa đó');
    const none = await t.as('admin', { method: 'DELETE', url: '/keys/key-nope', headers: VI });
    expect(none.json().message).toBe('không có khóa API key-nope');
    const upload = await t.as('planner', {
      method: 'POST',
      url: '/points',
      headers: { ...VI, ...JSON_CT },
      payload: JSON.stringify({ csv: 'a,b' }),
    });
    expect(upload.statusCode).toBe(400);
    expect(upload.json().message).toMatch(/^hãy gửi tệp CSV dưới dạng nội dung text\/csv/);
    expect(upload.json().details[0].reason).toBe('cần text/csv hoặc multipart/form-data');
  });

  it('jobs: the stage in the reader’s language beside the stable stage; a retry refused', async () => {
    const out = await t.as('scheduler', {
      method: 'POST',
      url: '/volumes?mode=job',
      headers: { ...VI, 'content-type': 'text/csv' },
      payload: 'date,point,channel,field,received\n2026-01-08,P2,online,land,3\n',
    });
    expect(out.statusCode).toBe(202);
    const queued = out.json().job;
    expect(queued.progress.text).toBe(
      {
        queued: 'đang chờ xử lý',
        validating: 'đang kiểm tra dữ liệu',
        writing: 'đang ghi dữ liệu',
        done: 'hoàn tất',
      }[queued.progress.stage as string],
    );
    const done = await waitFor(async () => {
      const j = (await t.as('viewer', { url: `/jobs/${queued.id}`, headers: VI })).json();
      return j.state === 'completed' ? j : undefined;
    });
    expect(done.progress).toEqual({ pct: 100, stage: 'done', text: 'hoàn tất' });
    const en = (await t.as('viewer', `/jobs/${queued.id}`)).json();
    expect(en.progress).toEqual({ pct: 100, stage: 'done', text: 'done' });
    const list = (await t.as('viewer', { url: '/jobs', headers: VI })).json();
    expect(list.jobs.find((j: { id: string }) => j.id === queued.id).progress.text).toBe('hoàn tất');
    expect(JSON.stringify(list)).not.toContain('_msg');
    const retry = await t.as('scheduler', { method: 'POST', url: `/jobs/${queued.id}/retry`, headers: VI });
    expect(retry.statusCode).toBe(409);
    expect(retry.json().message).toBe(
      `tác vụ ${queued.id} đã hoàn thành; chỉ chạy lại được tác vụ đã thất bại`,
    );
    const retryEn = await t.as('scheduler', { method: 'POST', url: `/jobs/${queued.id}/retry` });
    expect(retryEn.json().message).toBe(`job ${queued.id} is completed; only failed jobs can be retried`);
  });

  it('fastify’s own refusals: media type, body size, empty JSON, invalid JSON', async () => {
    const post = (headers: Record<string, string>, payload: string) =>
      t.as('planner', { method: 'POST', url: '/plans', headers, payload });
    const media = await post({ ...VI, 'content-type': 'application/xml' }, '<week/>');
    expect(media.statusCode).toBe(415);
    expect(media.json()).toMatchObject({
      code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
      title: 'kiểu nội dung (Content-Type) của yêu cầu không được hỗ trợ',
      message: 'kiểu nội dung (Content-Type) của yêu cầu không được hỗ trợ',
    });
    const large = await post({ ...VI, ...JSON_CT }, JSON.stringify({ week: 'x'.repeat(2 * 1024 * 1024) }));
    expect(large.statusCode).toBe(413);
    expect(large.json().message).toBe('nội dung yêu cầu vượt quá dung lượng cho phép');
    const empty = await post({ ...VI, ...JSON_CT }, '');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toBe(
      'nội dung yêu cầu không được để trống khi Content-Type là application/json',
    );
    const bad = await post({ ...VI, ...JSON_CT }, '{"week":');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/^nội dung yêu cầu không phải JSON hợp lệ/);
    // English: fastify's own words, as before.
    const mediaEn = await post({ 'content-type': 'application/xml' }, '<week/>');
    expect(mediaEn.json()).toMatchObject({
      title: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
      message: 'Unsupported Media Type',
    });
  });

  it('the rate limit in Vietnamese', async () => {
    const limited = await testApi(db, { env: { RATE_LIMIT_PER_MINUTE: '2' }, points: false });
    try {
      let res = await limited.as('viewer', { url: '/me', headers: VI });
      for (let i = 0; i < 3 && res.statusCode !== 429; i++)
        res = await limited.as('viewer', { url: '/me', headers: VI });
      expect(res.statusCode).toBe(429);
      expect(res.json().code).toBe('RATE_LIMITED');
      expect(res.json().message).toBe('đã vượt quá số yêu cầu cho phép trong một phút; vui lòng thử lại sau');
      const en = await limited.as('viewer', '/me');
      expect(en.json().message).toMatch(/^Rate limit exceeded/);
    } finally {
      await limited.app.close();
    }
  });
});
