/**
 * Server texts by stable key: the catalogues are messages/en.ts and messages/vi.ts (one file per language); this
 * module makes and renders messages. Pure: no I/O, no locale of the machine.
 *
 * Core writes every server text as a message (`Msg`: a key and its parameters) and nothing else: a move's
 * `reason`, a plan's `explanation`, a simulation's `notes`, an error detail's `reason`, an error's `msg` (its
 * `message` is the English rendering, for logs). Stored JSON holds the same messages. Adapters render them
 * at the edge with `renderTexts(value, lang)`: the API in the request's language (api/plugins/lang.ts), the
 * CLI in its own (cli/lang.ts), exports in theirs. `readStoredTexts` reads rows stored before texts were
 * messages, when each text was carried twice (English beside its message).
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

const KEY = /^[a-z0-9_]+(\.[A-Za-z0-9_]+)+$/;

/** Whether a value is a message: an object of a dotted `key` and, optionally, `params`, nothing else. */
export function isMsg(v: unknown): v is Msg {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  if (typeof o.key !== 'string' || !KEY.test(o.key)) return false;
  for (const k in o) if (k !== 'key' && k !== 'params') return false;
  return (
    o.params === undefined || (typeof o.params === 'object' && o.params !== null && !Array.isArray(o.params))
  );
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

/**
 * Renders every message in a value into its text in `lang`: a value that is a message (`{ key, params? }`)
 * becomes a string, wherever it sits (a property, an array item). Strings stay as they are. Copies only the
 * objects it changes; anything without messages is returned as it is. Values written before texts were
 * messages (`x` beside its message in `x` + "_msg", `xs` + "_msgs") render from that message, which is
 * dropped: see `readStoredTexts`.
 */
export function renderTexts<T>(value: T, lang: Lang): Rendered<T> {
  return walk(value, (m) => render(m, lang)) as Rendered<T>;
}

/**
 * A stored value with its texts as messages: rows written before texts were messages carried each text
 * twice (`reason` in English beside its message under the same name + "_msg", `notes` beside the same name +
 * "_msgs"); the message takes the text's place and the twin goes. A text with no message stays a string,
 * which renders as it is. Values of the current shape are returned as they are.
 */
export function readStoredTexts<T>(value: T): T {
  return walk(value, undefined) as T;
}

/** A value's type once its messages are rendered: each `Msg` a string. */
export type Rendered<T> = T extends Msg
  ? string
  : T extends ReadonlyArray<infer U>
    ? Rendered<U>[]
    : T extends object
      ? { [K in keyof T]: Rendered<T[K]> }
      : T;

/** Suffixes of the twin of a text in values stored before texts were messages. */
const TWIN = '_msg';
const TWINS = '_msgs';

/** Walks a value: with `f`, messages become `f(message)`; twins of the old shape are folded in either way. */
function walk(v: unknown, f: ((m: Msg) => string) | undefined): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x !== 'object' || x === null) continue;
      const y = walk(x, f);
      if (y !== x) {
        out ??= v.slice();
        out[i] = y;
      }
    }
    return out ?? v;
  }
  if (!isPlain(v)) return v;
  if (isMsg(v)) return f ? f(v) : v;
  const obj = v as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const k in obj) {
    const x = obj[k];
    if (k.endsWith(TWIN) && k.length > TWIN.length) {
      const base = k.slice(0, -TWIN.length);
      out ??= { ...obj };
      delete out[k];
      if (isMsg(x) && base in obj) out[base] = f ? f(x) : x;
      continue;
    }
    if (k.endsWith(TWINS) && k.length > TWINS.length) {
      const base = k.slice(0, -TWINS.length);
      out ??= { ...obj };
      delete out[k];
      const texts = obj[base];
      if (Array.isArray(x) && Array.isArray(texts) && x.length === texts.length && x.every(isMsg))
        out[base] = f ? x.map(f) : x;
      continue;
    }
    if (typeof x !== 'object' || x === null) continue;
    if (out && k in out && out[k] !== x) continue; // already replaced by its twin's message
    const y = walk(x, f);
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
