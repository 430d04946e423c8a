import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

describe('dieuphoi import --dossiers / --tickets, export --dossiers (child process, embedded store)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dieuphoi-register-cli-'));
  const env = { DATA_DIR: join(dir, 'store'), DATABASE_URL: '' };
  const points = join(dir, 'points.csv');
  writeFileSync(
    points,
    'code,name,type,branch,lat,lon,population,area_km2,counters,min_staff\nP1,Hoàn Kiếm,ward,Chi nhánh 1,21.03,105.85,105301,1.91,4,2\nP2,Sóc Sơn,commune,Chi nhánh 2,21.25,105.85,80000,90.5,2,2\n',
  );
  const register = join(dir, 'hoso.csv');
  writeFileSync(
    register,
    'Mã hồ sơ,Mã thủ tục,Lĩnh vực,Nơi tiếp nhận,Cơ quan giải quyết,Hình thức nộp,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả\n' +
      'HS-1,2.000815,Chứng thực,Hoàn Kiếm,,Trực tiếp,15/09/2025 09:00,,15/09/2025 11:00\n' +
      'HS-2,,Đất đai,P1,Sóc Sơn,Trực tuyến,16/09/2025,30/09/2025,\n',
  );

  it('imports a CSV register, re-import changes nothing, exports it as xlsx that reads back', async () => {
    expect(runCli(['import', '--points', points], env).code).toBe(0);
    const first = runCli(['import', '--dossiers', register, '--json'], env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)[0]).toMatchObject({ kind: 'dossiers', rows: 2, changed: 2, days: 2 });
    // as after an import job, the overdue-risk list is refreshed: HS-2 is pending
    expect(JSON.parse(first.stdout)[0].risk_refresh).toMatch(
      /^alerts-overdue-risk-\d{4}-\d{2}-\d{2}-i[0-9a-f]{8}$/,
    );
    const plain = runCli(['import', '--dossiers', register], env);
    expect(plain.stdout).toMatch(/overdue risk: 1 pending dossiers scored/);
    expect(runCli(['import', '--dossiers', register, '--no-risk-refresh'], env).stdout).not.toMatch(
      /overdue risk/,
    );
    expect(JSON.parse(runCli(['import', '--dossiers', register, '--json'], env).stdout)[0]).toMatchObject({
      changed: 0,
    });
    const csv = runCli(['export', '--dossiers', '--from', '2025-09-16'], env);
    expect(csv.code).toBe(0);
    expect(csv.stdout.trim().split('\n')).toHaveLength(2);
    expect(csv.stdout).toMatch(/^code,procedure_code,/);
    expect(csv.stdout).toContain('HS-2,,,land,online,,P1,P2,2025-09-16,2025-09-30,false,,,,,false,pending,');
    const xlsx = join(dir, 'out.xlsx');
    expect(runCli(['export', '--dossiers', '--format', 'xlsx', '--output', xlsx], env).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    expect(wb.worksheets[0]!.rowCount).toBe(3);
    const back = runCli(['import', '--dossiers', xlsx, '--json'], env);
    expect(back.code).toBe(0);
    expect(JSON.parse(back.stdout)[0]).toMatchObject({ rows: 2, changed: 0 });
    const vols = runCli(['export', '--volumes'], env);
    expect(vols.stdout.trim().split('\n').slice(1)).toEqual([
      '2025-09-15,P1,in_person,certification,1,1,1,0',
      '2025-09-16,P1,online,land,1,0,0,0',
      // P2 decides HS-2 (its processing work), received at P1: a register row with nothing received at P2.
      '2025-09-16,P2,online,land,0,0,0,0',
    ]);
  });

  it('a bad workbook exits non-zero naming sheet, row and column; --sheet picks a sheet', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Tổng hợp').addRow(['bảng tổng hợp']);
    const ws = wb.addWorksheet('Hồ sơ');
    ws.addRow(['Mã hồ sơ', 'Lĩnh vực', 'Nơi tiếp nhận', 'Hình thức nộp', 'Ngày tiếp nhận', 'Ngày hẹn trả']);
    ws.addRow(['HS-9', 'Hộ tịch', 'Ba Vì', 'Trực tiếp', '15/09/2025', '16/09/2025']);
    const file = join(dir, 'bad.xlsx');
    await wb.xlsx.writeFile(file);
    const r = runCli(['import', '--dossiers', file, '--sheet', 'Hồ sơ'], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^IMPORT_INVALID: dossiers file has 1 bad row; nothing was written/);
    expect(r.stderr).toContain('sheet Hồ sơ, row 2, Nơi tiếp nhận: unknown point');
    const vi = runCli(['import', '--dossiers', file, '--sheet', 'Hồ sơ', '--lang', 'vi'], env);
    expect(vi.stderr).toContain('trang Hồ sơ, hàng 2, Nơi tiếp nhận: điểm phục vụ không tồn tại');
  });

  it('imports attendance (Vietnamese headers, point by name); a bad row exits non-zero naming it', () => {
    const staff = join(dir, 'staff.csv');
    writeFileSync(staff, 'id,name,home_point,fields,fte,role\nS1,Nguyễn Văn A,P1,land,1,staff\n');
    expect(runCli(['import', '--points', points, '--staff', staff], env).code).toBe(0);
    const file = join(dir, 'chamcong.csv');
    writeFileSync(file, 'Ngày,Mã cán bộ,Điểm,Có mặt\n15/09/2025,S1,Hoàn Kiếm,Có mặt\n');
    const ok = runCli(['import', '--attendance', file, '--json'], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)[0]).toMatchObject({ kind: 'attendance', rows: 1, changed: 1 });
    writeFileSync(file, 'Ngày,Mã cán bộ,Điểm\n15/09/2025,S9,P1\n');
    const bad = runCli(['import', '--attendance', file], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('line 2, Mã cán bộ');
  });

  it('imports attendance with --mapping FILE.json (another time clock); --mapping with two files is refused', () => {
    // Staff S1 at P1 from the test above.
    const mapping = join(dir, 'timeclock.json');
    writeFileSync(
      mapping,
      JSON.stringify({
        kind: 'attendance',
        columns: { date: ['Work date'], staff_id: ['Employee'], point: ['Site'], present: ['Status'] },
        values: { present: { Off: 'false' } },
      }),
    );
    const file = join(dir, 'timeclock.csv');
    writeFileSync(file, 'Work date,Employee,Site,Status\n16/09/2025,S1,P1,Off\n');
    const plain = runCli(['import', '--attendance', file], env);
    expect(plain.code).not.toBe(0);
    expect(plain.stderr).toMatch(/^IMPORT_INVALID: .*missing date/);
    const ok = runCli(['import', '--attendance', file, '--mapping', mapping, '--json'], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)[0]).toMatchObject({ kind: 'attendance', rows: 1, changed: 1 });
    expect(
      JSON.parse(runCli(['import', '--attendance', file, '--mapping', mapping, '--json'], env).stdout)[0],
    ).toMatchObject({ rows: 1, changed: 0 });
    const two = runCli(['import', '--attendance', file, '--tickets', file, '--mapping', mapping], env);
    expect(two.code).not.toBe(0);
    expect(two.stderr).toContain('--mapping applies to one of --dossiers, --tickets or --attendance');
    const wrong = runCli(
      [
        'import',
        '--attendance',
        file,
        '--mapping',
        join(process.cwd(), 'models/import/tickets-default.json'),
      ],
      env,
    );
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('the mapping file is for tickets, not attendance');
  });

  it('imports a ticket log', () => {
    const tickets = join(dir, 'phieu.csv');
    writeFileSync(
      tickets,
      'Điểm phục vụ,Số phiếu,Quầy,Lĩnh vực,Thời gian lấy số,Thời gian gọi,Thời gian kết thúc\nP1,001,Q1,Hộ tịch,15/09/2025 08:00,15/09/2025 08:05,15/09/2025 08:15\n',
    );
    const r = runCli(['import', '--tickets', tickets, '--json'], env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)[0]).toMatchObject({ kind: 'tickets', rows: 1, changed: 1 });
  });
});
