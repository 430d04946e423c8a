import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import type { Db } from '../../src/store/db.ts';
import { PUBLIC_DIR } from '../../src/web/plugin.ts';
import { pgliteBackend } from '../helpers/backends.ts';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe('dashboard assets', () => {
  let db: Db;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await pgliteBackend.open();
    app = await buildApp({ db, config: loadConfig({}), logger: createLogger('silent') });
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('serves the page shell at / in Vietnamese, without a key', async () => {
    const res = await app.inject('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('<html lang="vi">');
    expect(res.body).toContain('/web/js/app.js');
  });

  it('serves every module, the stylesheet and chart.js from this server', async () => {
    for (const f of files(PUBLIC_DIR).filter((p) => !p.endsWith('index.html'))) {
      const res = await app.inject(`/web/${relative(PUBLIC_DIR, f)}`);
      expect(res.statusCode, f).toBe(200);
    }
    const js = await app.inject('/web/js/app.js');
    expect(js.headers['content-type']).toMatch(/javascript/);
    const chart = await app.inject('/web/vendor/chart.umd.min.js');
    expect(chart.statusCode).toBe(200);
    expect(chart.body.length).toBeGreaterThan(100_000);
    expect(chart.body).toMatch(/Chart\.js v4/);
  });

  it('refuses paths outside the public folder and unknown assets', async () => {
    for (const url of [
      '/web/../plugin.ts',
      '/web/%2e%2e/plugin.ts',
      '/web/js/../../plugin.ts',
      '/web/.hidden.js',
      '/web/js/nope.js',
      '/web/index.html',
    ]) {
      const res = await app.inject(url);
      // 404, or 401 where the URL normalises to a non-public path: never the file.
      expect([401, 404], url).toContain(res.statusCode);
      expect(res.body).not.toContain('webPlugin');
    }
  });

  it('needs nothing from the internet: no external URL in any page file', () => {
    for (const f of files(PUBLIC_DIR)) {
      const text = readFileSync(f, 'utf8').replaceAll('http://www.w3.org/2000/svg', '');
      expect(text.match(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/gi), f).toBeNull();
    }
  });
});
