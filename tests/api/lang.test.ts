import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { acceptedLang, registerLang } from '../../src/api/plugins/lang.ts';
import { msg } from '../../src/core/messages.ts';

describe('language of an answer (api/plugins/lang.ts)', () => {
  it('picks the language from Accept-Language (q-values), English by default', () => {
    expect(acceptedLang(undefined)).toBe('en');
    expect(acceptedLang('vi')).toBe('vi');
    expect(acceptedLang('vi-VN,vi;q=0.9,en;q=0.8')).toBe('vi');
    expect(acceptedLang('en;q=0.9, vi;q=0.5')).toBe('en');
    expect(acceptedLang('fr-FR, vi;q=0.4')).toBe('vi');
    expect(acceptedLang('fr-FR')).toBe('en');
    expect(acceptedLang('en-GB;q=0.3, vi-VN;q=0.7')).toBe('vi');
    expect(acceptedLang('VI-vn')).toBe('vi');
    expect(acceptedLang('*')).toBe('en');
    expect(acceptedLang('vi;q=0')).toBe('en');
  });

  it('renders every message of a JSON answer in that language and says which', async () => {
    const app = Fastify();
    registerLang(app);
    app.get('/t', async () => ({ reason: msg('import.empty'), lines: [msg('import.too_large')], n: 1 }));
    app.get('/raw', { config: { localize: false } }, async () => ({ reason: msg('import.empty') }));
    const vi = await app.inject({ url: '/t', headers: { 'accept-language': 'vi-VN,vi;q=0.9,en;q=0.8' } });
    expect(vi.headers['content-language']).toBe('vi');
    expect(vi.headers.vary).toContain('Accept-Language');
    expect(vi.json()).toEqual({ reason: 'đang để trống', lines: ['quá lớn'], n: 1 });
    const en = await app.inject({ url: '/t' });
    expect(en.headers['content-language']).toBe('en');
    expect(en.json()).toEqual({ reason: 'is empty', lines: ['is too large'], n: 1 });
    expect((await app.inject({ url: '/raw' })).json()).toEqual({ reason: { key: 'import.empty' } });
    await app.close();
  });
});
