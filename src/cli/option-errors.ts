import { type Lang, type Msg, msg, render } from '../core/messages.ts';
import { cliLang } from './lang.ts';

/** A message in the CLI's language (`--lang`, DIEUPHOI_LANG, LANG). */
export const cliText = (m: Msg, lang: Lang = cliLang()): string => render(m, lang);

/** A rule's result: the message, and text commander appended that is already in the CLI's language. */
type Rule = [RegExp, (m: RegExpMatchArray) => { text: Msg; tail?: string }];

/** The parts of a conflict message: `option '--a'` (or commander's wording for an environment variable). */
const part = (s: string): Msg | string => {
  const m = /^option '(.+)'$/.exec(s);
  return m ? msg('cli.option.option', { flags: m[1]! }) : s;
};

/** commander's error texts (v14, lib/command.js), without the `error: ` prefix. */
const RULES: Rule[] = [
  [/^unknown option '(.+)'$/, (m) => ({ text: msg('cli.option.unknown_option', { flag: m[1]! }) })],
  [
    /^option '(.+)' argument missing$/,
    (m) => ({ text: msg('cli.option.argument_missing', { flags: m[1]! }) }),
  ],
  [
    /^required option '(.+)' not specified$/,
    (m) => ({ text: msg('cli.option.required_option', { flags: m[1]! }) }),
  ],
  [
    /^missing required argument '(.+)'$/,
    (m) => ({ text: msg('cli.option.required_argument', { name: m[1]! }) }),
  ],
  [/^unknown command '(.+)'$/, (m) => ({ text: msg('cli.option.unknown_command', { name: m[1]! }) })],
  [
    /^too many arguments(?: for '(.+)')?\. Expected (\d+) arguments? but got (\d+)\.$/,
    (m) => ({
      text: msg('cli.option.too_many', {
        command: m[1] ? msg('cli.option.too_many_for', { command: m[1] }) : '',
        expected: Number(m[2]),
        got: Number(m[3]),
      }),
    }),
  ],
  // The reason after it comes from the option's parser (forecast-options.ts), already in the CLI's language.
  [
    /^option '(.+)' argument '(.*)' is invalid\.(.*)$/s,
    (m) => ({ text: msg('cli.option.invalid', { flags: m[1]!, value: m[2]! }), tail: m[3] }),
  ],
  [
    /^(.+) cannot be used with (.+)$/,
    (m) => ({ text: msg('cli.option.conflict', { a: part(m[1]!), b: part(m[2]!) }) }),
  ],
];

/**
 * commander's own error output in the CLI's language. commander writes English (`error: unknown option
 * '--wek'`, `(Did you mean --week?)`); in Vietnamese the same lines are translated here, option names as
 * typed, and a line no rule knows is left as commander wrote it. English is commander's text unchanged.
 */
export function commanderText(text: string, lang: Lang = cliLang()): string {
  if (lang === 'en') return text;
  return text
    .split('\n')
    .map((line) => {
      const error = /^error: (.*)$/s.exec(line);
      if (error) {
        for (const [re, to] of RULES) {
          const m = re.exec(error[1]!);
          if (!m) continue;
          const out = to(m);
          return render(msg('cli.option.error', { text: out.text }), lang) + (out.tail ?? '');
        }
        return line;
      }
      const one = /^\(Did you mean one of (.+)\?\)$/.exec(line);
      if (one) return render(msg('cli.option.did_you_mean_one_of', { names: one[1]! }), lang);
      const mean = /^\(Did you mean (.+)\?\)$/.exec(line);
      if (mean) return render(msg('cli.option.did_you_mean', { names: mean[1]! }), lang);
      return line;
    })
    .join('\n');
}
