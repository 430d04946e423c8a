/**
 * Characters PostgreSQL refuses in text and jsonb: the NUL character (U+0000) and UTF-16 surrogates without
 * their pair (they have no UTF-8 encoding). Input carrying them is refused at the boundary, naming the field,
 * instead of failing in the database as an internal error.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the NUL character is what this looks for
const REFUSED = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The first refused character of `text` as `U+XXXX`, or undefined when the text is storable.
 * @example refusedChar('P001\u0000') // 'U+0000'
 */
export function refusedChar(text: string): string | undefined {
  const m = REFUSED.exec(text);
  return m ? `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}

/**
 * The first string (a value or a property name) inside `value` holding a refused character: its JSON path
 * (`/edits/0/point`) and the character. Walks plain JSON (objects, arrays, strings).
 */
export function findRefusedChar(value: unknown, path = ''): { path: string; char: string } | undefined {
  if (typeof value === 'string') {
    const char = refusedChar(value);
    return char ? { path: path || '/', char } : undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findRefusedChar(value[i], `${path}/${i}`);
      if (hit) return hit;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const char = refusedChar(k);
      if (char) return { path: `${path}/${k.replace(REFUSED, '?')}`, char };
      const hit = findRefusedChar(v, `${path}/${k}`);
      if (hit) return hit;
    }
  }
  return undefined;
}
