import type { Lang } from '../core/messages.ts';

/**
 * The language of the CLI's texts: `--lang vi|en` (main.ts puts it in DIEUPHOI_LANG), else DIEUPHOI_LANG,
 * else the locale in LANG (`vi_VN.UTF-8` → vi); English otherwise.
 */
export function cliLang(env: NodeJS.ProcessEnv = process.env): Lang {
  const locale = env.DIEUPHOI_LANG || env.LANG || '';
  return /^vi(?:[-_.]|$)/i.test(locale) ? 'vi' : 'en';
}
