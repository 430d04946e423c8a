// Small DOM helpers. Text always goes in through textContent (never innerHTML), so data cannot inject markup.

import { ApiError } from './api.js';
import { t } from './i18n.js';

/**
 * @typedef {string | number | Node | null | undefined | false} Child
 * @typedef {Record<string, unknown>} Attrs
 */

/**
 * Creates an element: `h('button', { class: 'primary', onclick: fn }, 'Text')`.
 * Attributes starting with `on` become listeners; `class`, `for`, `aria-*`, `data-*` and the rest become attributes;
 * `false`/`null`/`undefined` attributes are left out.
 * @param {string} tag
 * @param {Attrs | null} [attrs]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), /** @type {EventListener} */ (v));
    } else if (k === 'value' && 'value' in el) {
      /** @type {HTMLInputElement} */ (el).value = String(v);
    } else if (k === 'checked' || k === 'selected' || k === 'disabled') {
      /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (el))[k] = Boolean(v);
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

/**
 * @param {Element} el
 * @param {Array<Child | Child[]>} children
 */
function append(el, children) {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

const SVG_NS = 'http://www.w3.org/2000/svg';
/**
 * An SVG element with attributes.
 * @param {string} tag
 * @param {Attrs} [attrs]
 * @param {...(Child | Child[])} children
 * @returns {SVGElement}
 */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith('on') && typeof v === 'function')
      el.addEventListener(k.slice(2), /** @type {EventListener} */ (v));
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

let uid = 0;
/** @param {string} prefix */
export function nextId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

/**
 * A labelled form control: `<label for=id>text</label>` + control, wrapped in a div.field.
 * @param {string} label
 * @param {HTMLElement} control
 * @param {string} [hint]
 */
export function field(label, control, hint) {
  if (!control.id) control.id = nextId('f');
  const hintEl = hint ? h('small', { class: 'hint', id: `${control.id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hintEl);
}

/**
 * A <select> of options.
 * @param {Array<{ value: string, label: string }>} options
 * @param {string} [value]
 * @param {Attrs} [attrs]
 * @returns {HTMLSelectElement}
 */
export function select(options, value, attrs = {}) {
  const el = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      attrs,
      options.map((o) => h('option', { value: o.value, selected: o.value === value }, o.label)),
    )
  );
  if (value !== undefined) el.value = value;
  return el;
}

/**
 * A table with a caption, header and rows; numeric columns are right-aligned.
 * @param {{ caption?: string, columns: Array<{ label: string, num?: boolean }>, rows: Child[][], className?: string }} spec
 */
export function table(spec) {
  return h(
    'div',
    { class: `table-wrap ${spec.className ?? ''}` },
    h(
      'table',
      null,
      spec.caption ? h('caption', null, spec.caption) : null,
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          spec.columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)),
        ),
      ),
      h(
        'tbody',
        null,
        spec.rows.map((r) =>
          h(
            'tr',
            null,
            r.map((cell, i) => h('td', { class: spec.columns[i]?.num ? 'num' : null }, cell)),
          ),
        ),
      ),
    ),
  );
}

/**
 * A calm message for a section with no data yet.
 * @param {string} text
 */
export function empty(text) {
  return h('p', { class: 'empty' }, text);
}

/** @param {string} text */
export function loading(text = t('loading')) {
  return h('p', { class: 'loading', role: 'status' }, text);
}

/**
 * A readable message for an API error (forbidden, unavailable, validation…).
 * @param {unknown} err
 */
export function errorText(err) {
  if (err instanceof ApiError) {
    if (err.status === 0) return t('err.network');
    if (err.status === 403) return `${t('err.forbidden')} (${err.message})`;
    if (err.status === 501) return t('err.notAvailable');
    return `${err.code}: ${err.message}`;
  }
  return t('err.generic', { message: String(/** @type {Error} */ (err)?.message ?? err) });
}

/**
 * An empty state when the server does not offer this yet (HTTP 501: the use case is not deployed), else an
 * alert box for the error.
 * @param {unknown} err
 */
export function emptyOrError(err) {
  if (err instanceof ApiError && err.status === 501)
    return h('p', { class: 'empty', 'data-empty': 'unavailable' }, t('err.notAvailable'));
  return errorBox(err);
}

/**
 * An alert box for an error.
 * @param {unknown} err
 */
export function errorBox(err) {
  return h('div', { class: 'alert error', role: 'alert' }, errorText(err));
}

/**
 * A progress bar with a visible label.
 * @param {number} pct 0..100
 * @param {string} [label]
 */
export function progress(pct, label) {
  const v = Math.max(0, Math.min(100, Math.round(pct)));
  return h(
    'div',
    { class: 'progress' },
    h('progress', { max: 100, value: v, 'aria-label': label ?? `${v}%` }),
    h('span', { class: 'progress-label' }, `${v}%${label ? ` · ${label}` : ''}`),
  );
}

/** A live region for short notices (screen readers announce them). */
export function notice() {
  return h('div', { class: 'notice', role: 'status', 'aria-live': 'polite' });
}

/**
 * A KPI card.
 * @param {string} label
 * @param {Child} value
 * @param {Child} [sub]
 */
export function kpi(label, value, sub) {
  return h(
    'div',
    { class: 'kpi' },
    h('div', { class: 'kpi-label' }, label),
    h('div', { class: 'kpi-value' }, value),
    sub ? h('div', { class: 'kpi-sub' }, sub) : null,
  );
}

/**
 * A titled section (card).
 * @param {string} title
 * @param {...(Child | Child[])} children
 */
export function section(title, ...children) {
  const id = nextId('sec');
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

/** @param {HTMLElement} el */
export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/**
 * Replaces an element's content.
 * @param {HTMLElement} el
 * @param {...(Child | Child[])} children
 */
export function fill(el, ...children) {
  clear(el);
  append(el, children);
  return el;
}
