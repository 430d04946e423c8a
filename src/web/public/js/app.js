// The dashboard shell: login, navigation, language switch and a hash router over the pages.

import * as api from './api.js';
import { currentLang, setLang, t } from './i18n.js';
import { errorBox, fill, h, loading } from './ui.js';

/** @typedef {'read' | 'plan' | 'decide' | 'schedule' | 'data' | 'audit' | 'admin'} Permission */
/**
 * What a page receives.
 * @typedef {{ me: { role: string, name?: string, keyId?: string, permissions: string[] }, can: (p: Permission) => boolean,
 *   cache: Map<string, Promise<unknown>>, cached: (path: string) => Promise<any>, navigate: (hash: string) => void }} Ctx
 * @typedef {(main: HTMLElement, ctx: Ctx, params: URLSearchParams) => Promise<(() => void) | void>} Render
 */

// Mirrors the server's role table (src/core/access.ts) for roles whose /me answer lists no permissions;
// the server decides in any case, the page only hides what would be refused.
/** @type {Record<string, Permission[]>} */
const ROLE_PERMISSIONS = {
  viewer: ['read'],
  planner: ['read', 'plan', 'data'],
  manager: ['read', 'plan', 'decide', 'data', 'audit'],
  scheduler: ['read', 'schedule', 'data'],
  admin: ['read', 'plan', 'decide', 'schedule', 'data', 'audit', 'admin'],
};

const PAGES = /** @type {const} */ ([
  'overview',
  'map',
  'plan',
  'compare',
  'scenarios',
  'roadmap',
  'supervise',
  'jobs',
  'data',
  'closures',
  'audit',
  'keys',
]);
/**
 * The navigation: every page but the plan comparison (reached from the weekly plan), each shown to the roles
 * that may use it (the page itself says so, and the API refuses, if reached by its address).
 * @type {Array<{ page: string, needs?: Permission, under?: string[] }>}
 */
const NAV = [
  { page: 'overview' },
  { page: 'map' },
  { page: 'plan', under: ['compare'] },
  { page: 'scenarios' },
  { page: 'roadmap' },
  { page: 'supervise' },
  { page: 'jobs' },
  { page: 'data' },
  { page: 'closures' },
  { page: 'audit', needs: 'audit' },
  { page: 'keys', needs: 'admin' },
];
/** @param {string} page the nav entry a page is shown under */
const navOf = (page) => NAV.find((n) => n.page === page || n.under?.includes(page))?.page ?? page;
/** @type {Record<string, () => Promise<{ render: Render }>>} */
const LOADERS = {
  overview: () => import('./pages/overview.js'),
  map: () => import('./pages/map.js'),
  plan: () => import('./pages/plan.js'),
  scenarios: () => import('./pages/scenarios.js'),
  roadmap: () => import('./pages/roadmap.js'),
  supervise: () => import('./pages/supervise.js'),
  jobs: () => import('./pages/jobs.js'),
  data: () => import('./pages/data.js'),
  compare: () => import('./pages/compare.js'),
  closures: () => import('./pages/closures.js'),
  audit: () => import('./pages/audit.js'),
  keys: () => import('./pages/keys.js'),
};

const root = /** @type {HTMLElement} */ (document.getElementById('app'));
/** @type {Ctx | null} */
let ctx = null;
/** @type {(() => void) | void} */
let cleanup;
let renderSeq = 0;

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = raw.split('?');
  const page = PAGES.includes(/** @type {any} */ (path)) ? path : 'overview';
  return { page, params: new URLSearchParams(query) };
}

/**
 * @param {{ role: string, name?: string, permissions?: string[] }} me
 * @returns {Ctx}
 */
function makeCtx(me) {
  const permissions = me.permissions?.length ? me.permissions : (ROLE_PERMISSIONS[me.role] ?? ['read']);
  /** @type {Map<string, Promise<unknown>>} */
  const cache = new Map();
  return {
    me: { ...me, permissions },
    can: (p) => permissions.includes(p),
    cache,
    cached(path) {
      let p = cache.get(path);
      if (!p) {
        p = api.get(path);
        cache.set(path, p);
        p.catch(() => cache.delete(path));
      }
      return p;
    },
    navigate(hash) {
      if (location.hash === hash) void route();
      else location.hash = hash;
    },
  };
}

function header() {
  const { page } = parseHash();
  const langBtn = h(
    'button',
    {
      type: 'button',
      class: 'ghost',
      lang: currentLang() === 'vi' ? 'en' : 'vi',
      'aria-label': t('lang.switchLabel'),
      onclick: () => {
        setLang(currentLang() === 'vi' ? 'en' : 'vi');
        // What the pages fetched holds the server's texts in the old language: drop it, then draw the page
        // again (its reads go out anew, in the new language).
        ctx?.cache.clear();
        void start();
      },
    },
    t('lang.switch'),
  );
  const user = ctx
    ? h(
        'div',
        { class: 'user' },
        h(
          'span',
          { class: `badge role-${ctx.me.role}` },
          t('role.current', { role: t(`role.${ctx.me.role}`) }),
        ),
        langBtn,
        h(
          'button',
          {
            type: 'button',
            class: 'ghost',
            onclick: () => {
              api.setKey(null);
              ctx = null;
              void start();
            },
          },
          t('logout'),
        ),
      )
    : h('div', { class: 'user' }, langBtn);
  return h(
    'header',
    { class: 'top' },
    h('a', { class: 'skip', href: '#main', onclick: skipToMain }, t('skip')),
    h(
      'div',
      { class: 'brand' },
      h('span', { class: 'logo', 'aria-hidden': 'true' }, 'ĐP'),
      h('div', null, h('strong', null, t('app.title')), h('small', null, t('app.subtitle'))),
    ),
    ctx
      ? h(
          'nav',
          { 'aria-label': t('nav.label') },
          h(
            'ul',
            null,
            NAV.filter((n) => !n.needs || ctx?.can(n.needs)).map(({ page: p }) =>
              h(
                'li',
                null,
                h(
                  'a',
                  { href: `#/${p}`, 'aria-current': p === navOf(page) ? 'page' : null, 'data-page': p },
                  t(`nav.${p}`),
                ),
              ),
            ),
          ),
        )
      : null,
    user,
  );
}

/** @param {Event} e */
function skipToMain(e) {
  e.preventDefault();
  document.getElementById('main')?.focus();
}

function shell() {
  const main = h('main', { id: 'main', tabindex: '-1' });
  fill(root, header(), main);
  return main;
}

/** @param {string} [message] */
async function showLogin(message) {
  const main = shell();
  const keyInput = /** @type {HTMLInputElement} */ (
    h('input', {
      id: 'login-key',
      type: 'password',
      autocomplete: 'off',
      spellcheck: 'false',
      required: true,
    })
  );
  const status = h('div', { role: 'status', 'aria-live': 'polite' });
  /** @param {string} k */
  const tryKey = async (k) => {
    fill(status, loading());
    try {
      const me = await api.whoAmI(k.trim());
      api.setKey(k.trim());
      ctx = makeCtx(me);
      if (!location.hash) location.hash = '#/overview';
      await start();
    } catch (err) {
      fill(
        status,
        err instanceof api.ApiError && err.status === 401
          ? errorBox(new Error(t('login.bad')))
          : errorBox(err),
      );
    }
  };
  const form = h(
    'form',
    {
      class: 'login-form',
      onsubmit: (/** @type {Event} */ e) => {
        e.preventDefault();
        void tryKey(keyInput.value);
      },
    },
    h('label', { for: 'login-key' }, t('login.key')),
    keyInput,
    h('button', { type: 'submit', class: 'primary' }, t('login.submit')),
  );
  const demo = h('div', { class: 'demo' });
  fill(
    main,
    h(
      'section',
      { class: 'card login', 'aria-labelledby': 'login-title' },
      h('h1', { id: 'login-title', tabindex: '-1' }, t('login.title')),
      message ? h('div', { class: 'alert warn', role: 'alert' }, message) : null,
      h('p', null, t('login.intro')),
      form,
      status,
      demo,
    ),
  );
  keyInput.focus();
  // Demo mode: the server lists one key per role (embedded store only); elsewhere this answers 404.
  try {
    const res = await fetch('/auth/demo-keys', { headers: { accept: 'application/json' } });
    if (!res.ok) return;
    const body = await res.json();
    /** @type {Record<string, string>} */
    const keys = body.keys ?? body;
    const roles = Object.keys(keys).filter((r) => typeof keys[r] === 'string');
    if (!roles.length) return;
    fill(
      demo,
      h('h2', null, t('login.demoTitle')),
      h('p', null, t('login.demoIntro')),
      h(
        'div',
        { class: 'demo-roles' },
        roles.map((r) =>
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              'data-role': r,
              onclick: () => void tryKey(/** @type {string} */ (keys[r])),
            },
            t('login.asRole', { role: t(`role.${r}`) }),
          ),
        ),
      ),
    );
  } catch {
    // not in demo mode
  }
}

async function route() {
  if (!ctx) return;
  const seq = ++renderSeq;
  if (typeof cleanup === 'function') cleanup();
  cleanup = undefined;
  const { page, params } = parseHash();
  for (const a of root.querySelectorAll('nav a')) {
    if (a.getAttribute('data-page') === navOf(page)) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const main = /** @type {HTMLElement} */ (document.getElementById('main'));
  document.title = `${t(`nav.${page}`)} · dieuphoi`;
  fill(main, loading());
  try {
    const mod = await LOADERS[page]();
    if (seq !== renderSeq) return;
    main.dataset.page = page;
    const c = await mod.render(main, ctx, params);
    if (seq !== renderSeq) {
      if (typeof c === 'function') c();
      return;
    }
    cleanup = c;
  } catch (err) {
    if (seq === renderSeq) fill(main, errorBox(err));
  }
  // Move focus to the new page's heading (keyboard and screen-reader users start there), unless the user
  // already moved into the page while it loaded.
  const active = document.activeElement;
  if (seq === renderSeq && (!active || active === document.body || active.closest('nav') || active === main))
    main.querySelector('h1')?.focus({ preventScroll: true });
}

async function start() {
  document.documentElement.lang = currentLang();
  if (!ctx) {
    const k = api.getKey();
    if (k) {
      try {
        ctx = makeCtx(await api.whoAmI(k));
      } catch (err) {
        api.setKey(null);
        return showLogin(err instanceof api.ApiError && err.status === 401 ? t('login.expired') : undefined);
      }
    } else {
      return showLogin();
    }
  }
  shell();
  await route();
}

api.setUnauthorizedHandler(() => {
  api.setKey(null);
  ctx = null;
  void showLogin(t('login.expired'));
});
window.addEventListener('hashchange', () => void route());
void start();
