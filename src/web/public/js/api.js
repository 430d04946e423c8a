// The only way the dashboard reaches data: the HTTP API with the user's bearer key.

import { currentLang } from './i18n.js';

const KEY_STORE = 'dieuphoi.key';

/** An API answer that was not 2xx: application/problem+json carries a stable `code` and `details`. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   * @param {Array<{ line?: number, field?: string, value?: unknown, reason: string }>} [details]
   */
  constructor(status, code, message, details = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** @type {string | null} */
let key = (() => {
  try {
    return sessionStorage.getItem(KEY_STORE);
  } catch {
    return null;
  }
})();

/** @type {() => void} */
let onUnauthorized = () => {};

/** @param {() => void} fn called when the API refuses the key (401): the app shows the login again */
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn;
}

export function getKey() {
  return key;
}

/** @param {string | null} k */
export function setKey(k) {
  key = k;
  try {
    if (k) sessionStorage.setItem(KEY_STORE, k);
    else sessionStorage.removeItem(KEY_STORE);
  } catch {
    // storage disabled: the key lives until the page is closed
  }
}

/**
 * @param {string} method
 * @param {string} path
 * @param {{ json?: unknown, body?: BodyInit, contentType?: string, accept?: string, keyOverride?: string, signal?: AbortSignal }} [opts]
 * @returns {Promise<Response>}
 */
async function send(method, path, opts = {}) {
  /** @type {Record<string, string>} */
  // The server writes its texts (errors, move reasons, plan explanations, notes) in the dashboard's language.
  const headers = { accept: opts.accept ?? 'application/json', 'accept-language': currentLang() };
  const k = opts.keyOverride ?? key;
  if (k) headers.authorization = `Bearer ${k}`;
  /** @type {BodyInit | undefined} */
  let body = opts.body;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.contentType) {
    headers['content-type'] = opts.contentType;
  }
  let res;
  try {
    res = await fetch(path, { method, headers, body, signal: opts.signal });
  } catch (err) {
    if (/** @type {Error} */ (err).name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', /** @type {Error} */ (err).message);
  }
  if (res.ok) return res;
  let problem = {};
  try {
    problem = await res.json();
  } catch {
    // not JSON (proxy error page): status alone
  }
  const p = /** @type {{ code?: string, message?: string, details?: [] }} */ (problem);
  const error = new ApiError(
    res.status,
    p.code ?? `HTTP_${res.status}`,
    p.message ?? res.statusText,
    p.details,
  );
  if (res.status === 401 && !opts.keyOverride) onUnauthorized();
  throw error;
}

/**
 * GET a JSON resource.
 * @param {string} path
 * @param {{ signal?: AbortSignal }} [opts]
 */
export async function get(path, opts) {
  return (await send('GET', path, opts)).json();
}

/**
 * GET a JSON resource, or `null` when the server has nothing there yet (404). A use case that is not deployed
 * (501 NOT_AVAILABLE) still throws, so pages can say so.
 * @param {string} path
 */
export async function getOptional(path) {
  try {
    return await get(path);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

/**
 * POST JSON; answers the parsed body (or null when empty).
 * @param {string} path
 * @param {unknown} [json]
 */
export async function post(path, json) {
  const res = await send('POST', path, { json: json ?? {} });
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

/**
 * DELETE a resource; throws ApiError like the other calls.
 * @param {string} path
 */
export async function del(path) {
  await send('DELETE', path);
}

/**
 * POST raw bytes (a CSV upload).
 * @param {string} path
 * @param {Blob} blob
 * @param {string} contentType
 */
export async function postRaw(path, blob, contentType) {
  const res = await send('POST', path, { body: blob, contentType });
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

/**
 * Downloads a resource with the key (a plain link could not send it) and saves it under `filename`.
 * @param {string} path
 * @param {string} filename
 */
export async function download(path, filename) {
  const res = await send('GET', path, { accept: 'text/csv' });
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Who the key belongs to; throws ApiError 401 for a bad key (without logging the page out).
 * @param {string} k
 * @returns {Promise<{ role: string, name?: string, keyId?: string, permissions?: string[] }>}
 */
export async function whoAmI(k) {
  return (await send('GET', '/me', { keyOverride: k })).json();
}
