import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

describe('keys and worker commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dp-keys-'));
  const env = { DATA_DIR: dir, DATABASE_URL: '', REDIS_URL: '' };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a key once, lists it without the key, revokes it', () => {
    const created = runCli(['keys', 'create', '--role', 'admin', '--name', 'ops', '--json'], env);
    expect(created.code).toBe(0);
    const { key, id, role } = JSON.parse(created.stdout);
    expect(role).toBe('admin');
    expect(key).toMatch(/^dp_/);
    const list = runCli(['keys', 'list'], env);
    expect(list.stdout).toContain(id);
    expect(list.stdout).not.toContain(key);
    expect(runCli(['keys', 'revoke', id], env).code).toBe(0);
    expect(runCli(['keys', 'list'], env).stdout).toMatch(new RegExp(`${id},ops,admin,.*,\\d{4}-`));
    const bad = runCli(['keys', 'create', '--role', 'root', '--name', 'x'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--role must be one of/);
  });

  it('worker needs REDIS_URL and known queues', () => {
    const noRedis = runCli(['worker'], env);
    expect(noRedis.code).not.toBe(0);
    expect(noRedis.stderr).toMatch(/REDIS_URL/);
    const badQueue = runCli(['worker', '--queues', 'forecast,nope'], {
      ...env,
      REDIS_URL: 'redis://127.0.0.1:1',
    });
    expect(badQueue.stderr).toMatch(/unknown queue nope/);
    expect(runCli(['worker', '--help']).stdout).toMatch(/--concurrency/);
  });
});
