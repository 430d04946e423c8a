import { describe, expect, it } from 'vitest';
import { cliLang } from '../../src/cli/lang.ts';
import { commanderText } from '../../src/cli/option-errors.ts';
import { runCli } from '../helpers/cli.ts';

describe('CLI language', () => {
  it('DIEUPHOI_LANG (set by --lang) wins over LANG; English by default and for other locales', () => {
    expect(cliLang({})).toBe('en');
    expect(cliLang({ LANG: 'C.UTF-8' })).toBe('en');
    expect(cliLang({ LANG: 'fr_FR.UTF-8' })).toBe('en');
    expect(cliLang({ LANG: 'vi_VN.UTF-8' })).toBe('vi');
    expect(cliLang({ DIEUPHOI_LANG: 'vi', LANG: 'en_US.UTF-8' })).toBe('vi');
    expect(cliLang({ DIEUPHOI_LANG: 'en', LANG: 'vi_VN.UTF-8' })).toBe('en');
  });

  it("commander's option errors read in Vietnamese, option names as typed; English is left as commander wrote it", () => {
    const cases: Array<[string, string]> = [
      [
        "error: unknown option '--wek'\n(Did you mean --week?)\n",
        "lỗi: không có tùy chọn '--wek'\n(Có phải ý bạn là --week?)\n",
      ],
      [
        "error: option '--dossiers <file>' argument missing\n",
        "lỗi: tùy chọn '--dossiers <file>' thiếu giá trị\n",
      ],
      [
        "error: required option '--week <date>' not specified\n",
        "lỗi: thiếu tùy chọn bắt buộc '--week <date>'\n",
      ],
      ["error: missing required argument 'name'\n", "lỗi: thiếu đối số bắt buộc 'name'\n"],
      [
        "error: unknown command 'plam'\n(Did you mean one of plan, plans?)\n",
        "lỗi: không có lệnh 'plam'\n(Có phải ý bạn là một trong plan, plans?)\n",
      ],
      [
        "error: too many arguments for 'plan'. Expected 0 arguments but got 2.\n",
        "lỗi: quá nhiều đối số cho lệnh 'plan': cần 0, nhận 2.\n",
      ],
      [
        "error: option '--horizon <days>' argument 'x' is invalid. --horizon phải là số nguyên từ 1 đến 366\n",
        "lỗi: giá trị 'x' của tùy chọn '--horizon <days>' không hợp lệ. --horizon phải là số nguyên từ 1 đến 366\n",
      ],
      [
        "error: option '--csv' cannot be used with option '--json'\n",
        "lỗi: tùy chọn '--csv' không dùng được cùng tùy chọn '--json'\n",
      ],
      ['error: something commander adds one day\n', 'error: something commander adds one day\n'],
    ];
    for (const [en, vi] of cases) {
      expect(commanderText(en, 'vi')).toBe(vi);
      expect(commanderText(en, 'en')).toBe(en);
    }
  });

  it('the CLI answers a mistyped option in the language asked for', () => {
    const vi = runCli(['--lang', 'vi', 'plan', '--wek', '2026-01-05']);
    expect(vi.code).toBe(1);
    expect(vi.stderr).toBe(
      "lỗi: không có tùy chọn '--wek'\n(Có phải ý bạn là --week?)\n(thêm --help để xem cách dùng)\n",
    );
    const en = runCli(['forecast', '--horizon', '0'], { LANG: 'C.UTF-8', DIEUPHOI_LANG: '' });
    expect(en.stderr).toContain(
      "error: option '--horizon <days>' argument '0' is invalid. --horizon must be a whole number from 1 to 366",
    );
    expect(en.stderr).toContain('(add --help for usage)');
    const viInvalid = runCli(['forecast', '--horizon', '0'], { LANG: 'vi_VN.UTF-8', DIEUPHOI_LANG: '' });
    expect(viInvalid.stderr).toContain('--horizon phải là số nguyên từ 1 đến 366');
  });
});
