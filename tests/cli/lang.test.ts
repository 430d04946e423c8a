import { describe, expect, it } from 'vitest';
import { cliLang } from '../../src/cli/lang.ts';

describe('CLI language', () => {
  it('DIEUPHOI_LANG (set by --lang) wins over LANG; English by default and for other locales', () => {
    expect(cliLang({})).toBe('en');
    expect(cliLang({ LANG: 'C.UTF-8' })).toBe('en');
    expect(cliLang({ LANG: 'fr_FR.UTF-8' })).toBe('en');
    expect(cliLang({ LANG: 'vi_VN.UTF-8' })).toBe('vi');
    expect(cliLang({ DIEUPHOI_LANG: 'vi', LANG: 'en_US.UTF-8' })).toBe('vi');
    expect(cliLang({ DIEUPHOI_LANG: 'en', LANG: 'vi_VN.UTF-8' })).toBe('en');
  });
});
