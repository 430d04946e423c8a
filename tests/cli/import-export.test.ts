import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

describe('dieuphoi import / export (child process, embedded store)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dieuphoi-cli-'));
  const env = { DATA_DIR: join(dir, 'store'), DATABASE_URL: '' };
  const points = join(dir, 'points.csv');
  const volumes = join(dir, 'volumes.csv');
  const bad = join(dir, 'bad.csv');
  writeFileSync(
    points,
    'code,name,type,branch,lat,lon,population,area_km2,counters,min_staff\nP1,Hoàn Kiếm,ward,Chi nhánh 1,21.03,105.85,105301,1.91,4,2\n',
  );
  writeFileSync(
    volumes,
    'date,point,channel,field,received,resolved,on_time,overdue\n2025-07-01,P1,online,land,5,4,4,0\n2025-07-02,P1,in_person,other,2,2,2,0\n',
  );
  writeFileSync(
    bad,
    'date,point,channel,field,received\n2025-07-03,P1,online,land,1\n2025-07-04,P1,online,land,-1\n2025-07-05,PX,online,land,1\n',
  );

  it('--help lists the commands', () => {
    const r = runCli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['init', 'import', 'export', 'serve']) expect(r.stdout).toContain(c);
  });

  it('imports, reports changes, and re-import changes nothing', () => {
    expect(runCli(['import', '--points', points], env).code).toBe(0);
    const first = runCli(['import', '--volumes', volumes, '--json'], env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)[0]).toMatchObject({ kind: 'volumes', rows: 2, changed: 2 });
    const again = runCli(['import', '--volumes', volumes, '--json'], env);
    expect(JSON.parse(again.stdout)[0]).toMatchObject({ rows: 2, changed: 0 });
  });

  it('a bad file exits non-zero, lists each bad row, and writes nothing', () => {
    const r = runCli(['import', '--volumes', bad], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^IMPORT_INVALID: volumes file has 2 bad rows; nothing was written/);
    expect(r.stderr).toMatch(/line 3, received: must be ≥ 0 \(value "-1"\)/);
    expect(r.stderr).toMatch(/line 4, point: unknown point code \(value "PX"\)/);
    const out = join(dir, 'out.csv');
    expect(runCli(['export', '--volumes', '--output', out], env).code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toEqual([
      'date,point,channel,field,received,resolved,on_time,overdue',
      '2025-07-01,P1,online,land,5,4,4,0',
      '2025-07-02,P1,in_person,other,2,2,2,0',
    ]);
  });

  it('--lang vi reports the bad rows in Vietnamese', () => {
    const r = runCli(['import', '--volumes', bad, '--lang', 'vi'], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(
      /^IMPORT_INVALID: tệp số lượng hồ sơ có 2 dòng không hợp lệ; chưa ghi dữ liệu nào/,
    );
    expect(r.stderr).toMatch(/dòng 3, received: phải ≥ 0 \(giá trị "-1"\)/);
    expect(r.stderr).toMatch(/dòng 4, point: mã điểm phục vụ không tồn tại \(giá trị "PX"\)/);
  });

  it('exports points in the import format (round trip)', () => {
    const r = runCli(['export', '--points'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('P1,Hoàn Kiếm,ward,Chi nhánh 1,21.03,105.85,105301,1.91,4,2,');
    const again = join(dir, 'points-again.csv');
    writeFileSync(again, r.stdout);
    const re = runCli(['import', '--points', again, '--json'], env);
    expect(JSON.parse(re.stdout)[0]).toMatchObject({ rows: 1, changed: 0 });
  });

  it('exports a formula-like staff name neutralised, and reads it back as the original text', () => {
    const staff = join(dir, 'staff.csv');
    writeFileSync(
      staff,
      'id,name,home_point,fields,fte,role\nS1,"=HYPERLINK(""http://x"",""click"")",P1,land,1,staff\nS2,@SUM(A1),P1,land,0.5,staff\nS3,Nguyễn Văn An,P1,land,1,staff\n',
    );
    expect(runCli(['import', '--staff', staff], env).code).toBe(0);
    const r = runCli(['export', '--staff'], env);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[1]).toBe('S1,"\'=HYPERLINK(""http://x"",""click"")",P1,land,1,staff,true,');
    expect(lines[2]).toBe("S2,'@SUM(A1),P1,land,0.5,staff,true,");
    expect(lines[3]).toBe('S3,Nguyễn Văn An,P1,land,1,staff,true,');
    const again = join(dir, 'staff-again.csv');
    writeFileSync(again, r.stdout);
    const re = runCli(['import', '--staff', again, '--json'], env);
    expect(JSON.parse(re.stdout)[0]).toMatchObject({ rows: 3, changed: 0 });
  });

  it('a NUL character in a CSV cell is refused naming line and column', () => {
    const nul = join(dir, 'nul.csv');
    writeFileSync(nul, 'id,name,home_point,fields,fte,role\nS9,Tr\u0000an,P1,land,1,staff\n');
    const r = runCli(['import', '--staff', nul], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^IMPORT_INVALID: line 2, column name: the character U\+0000 is not allowed/);
  });

  it('a missing file or no option fails with a one-line reason', () => {
    const none = runCli(['import'], env);
    expect(none.code).not.toBe(0);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
  });
});
