/**
 * Server texts by stable key: the catalogues are messages/en.ts and messages/vi.ts (one file per language); this
 * module makes and renders messages. Pure: no I/O, no locale of the machine.
 *
 * Core keeps writing its English text where it always did (`reason`, `explanation`, `notes`, an error's
 * `message`) and puts the message beside it (`reason_msg`, `explanation_msgs`, `notes_msgs`, an error's
 * `msg`), so every reader of the English text keeps working. Adapters call `localize(value, lang)` on what
 * they output: it renders each text from its message in the asked language and drops the `_msg(s)`
 * siblings, so English output stays exactly what it was.
 *
 * Templates: `{name}` inserts a parameter; `{name|N}` a number rounded to N decimals; `{name|pct}` a ratio
 * as a percentage with one decimal; `{name|dmy}` an ISO date as dd/mm/yyyy; `{name|join:SEP}` a list.
 * Numbers use the language's decimal mark (vi: comma). A parameter may itself be a message (rendered in
 * the same language) or a list of messages (joined with "; " unless the template says otherwise).
 */
import type { ErrorCode } from './errors.ts';

export const LANGS = ['en', 'vi'] as const;
export type Lang = (typeof LANGS)[number];

export type MsgParam = string | number | Msg | ReadonlyArray<string | number | Msg>;
export interface Msg {
  key: MessageKey;
  params?: Record<string, MsgParam>;
}

import { EN } from './messages/en.ts';
import { VI } from './messages/vi.ts';

export type MessageKey = keyof typeof EN;

export const CATALOGUE: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { en: EN, vi: VI };

/** A message: the key and its parameters. */
export function msg(key: MessageKey, params?: Record<string, MsgParam>): Msg {
  return params ? { key, params } : { key };
}

/** The message of an error code's title. */
export function errorTitle(code: ErrorCode | string, lang: Lang): string {
  const key = `error.${code}` as MessageKey;
  return CATALOGUE[lang][key] ?? code;
}

/** The parameter names a template uses (without their format). */
export function templateParams(template: string): string[] {
  return [...template.matchAll(/\{([A-Za-z0-9_]+)(?:\|[^}]*)?\}/g)].map((m) => m[1]!);
}

function isMsg(v: unknown): v is Msg {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as Msg).key === 'string';
}

function decimal(s: string, lang: Lang): string {
  return lang === 'vi' ? s.replace('.', ',') : s;
}

function renderParam(v: MsgParam | undefined, spec: string | undefined, lang: Lang): string {
  if (v === undefined) return '';
  if (Array.isArray(v)) {
    const sep = spec?.startsWith('join:') ? spec.slice(5) : '; ';
    return v.map((x) => renderParam(x, undefined, lang)).join(sep);
  }
  if (isMsg(v)) return render(v, lang);
  if (typeof v === 'number') {
    if (spec && /^\d$/.test(spec)) {
      const d = Number(spec);
      return decimal((Math.round(v * 10 ** d) / 10 ** d).toFixed(d), lang);
    }
    if (spec === 'pct') return `${decimal((v * 100).toFixed(1), lang)}%`;
    return decimal(String(v), lang);
  }
  const s = String(v);
  if (spec === 'dmy' && lang === 'vi') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  }
  return s;
}

/**
 * Renders a message in a language (unknown keys render as the key, so a newer stored message never breaks
 * an older reader).
 * @example render(msg('import.between', { min: 0, max: 1 }), 'vi') // "phải nằm trong khoảng từ 0 đến 1"
 */
export function render(m: Msg, lang: Lang): string {
  const template = CATALOGUE[lang][m.key] ?? CATALOGUE.en[m.key] ?? m.key;
  const params = m.params ?? {};
  return template.replace(/\{([A-Za-z0-9_]+)(?:\|([^}]*))?\}/g, (_, name: string, spec?: string) =>
    renderParam(params[name], spec, lang),
  );
}

/** The English text of a message: what core writes beside it. */
export function en(key: MessageKey, params?: Record<string, MsgParam>): string {
  return render(msg(key, params), 'en');
}

/** A text and its message, for the common `{ reason, reason_msg }` pair. */
export function reasonOf(
  key: MessageKey,
  params?: Record<string, MsgParam>,
): { reason: string; reason_msg: Msg } {
  const m = msg(key, params);
  return { reason: render(m, 'en'), reason_msg: m };
}

const MSG = '_msg';
const MSGS = '_msgs';

/**
 * Renders every text that has a message beside it (`x` + `x_msg`, `xs` + `xs_msgs`) in `lang` and drops the
 * messages. Copies only the objects it changes; anything without messages is returned as it is.
 */
export function localize<T>(value: T, lang: Lang): T {
  return walk(value, lang) as T;
}

function walk(v: unknown, lang: Lang): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x !== 'object' || x === null) continue;
      const y = walk(x, lang);
      if (y !== x) {
        out ??= v.slice();
        out[i] = y;
      }
    }
    return out ?? v;
  }
  if (!isPlain(v)) return v;
  const obj = v as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const k in obj) {
    const x = obj[k];
    if (k.endsWith(MSG) || k.endsWith(MSGS)) {
      out ??= { ...obj };
      delete out[k];
      if (k.endsWith(MSG)) {
        const base = k.slice(0, -MSG.length);
        if (isMsg(x) && base in obj) out[base] = render(x, lang);
      } else {
        const base = k.slice(0, -MSGS.length);
        const texts = obj[base];
        if (Array.isArray(x) && Array.isArray(texts) && x.length === texts.length && x.every(isMsg))
          out[base] = x.map((m) => render(m, lang));
      }
      continue;
    }
    if (typeof x !== 'object' || x === null) continue;
    const y = walk(x, lang);
    if (y !== x) {
      out ??= { ...obj };
      out[k] = y;
    }
  }
  return out ?? v;
}

function isPlain(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * The language of a request: `?lang=` when given, else the best of Accept-Language (q-values honoured),
 * else English. Only `vi` and `en` are served; `vi-VN` counts as `vi`.
 */
export function pickLang(acceptLanguage: string | undefined, override?: string): Lang {
  const norm = (s: string) => s.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (override) {
    const o = norm(override);
    if ((LANGS as readonly string[]).includes(o)) return o as Lang;
  }
  if (!acceptLanguage) return 'en';
  let best: Lang = 'en';
  let bestQ = 0;
  for (const part of acceptLanguage.split(',')) {
    const [tag = '', ...rest] = part.split(';');
    const qp = rest.map((r) => r.trim()).find((r) => r.startsWith('q='));
    const q = qp ? Number(qp.slice(2)) : 1;
    const l = norm(tag);
    if (!(LANGS as readonly string[]).includes(l) || !(q > bestQ)) continue;
    best = l as Lang;
    bestQ = q;
  }
  return best;
}
