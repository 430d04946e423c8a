// The points drawn from their coordinates as SVG, offline: a rounded hull of the points as the city
// outline, each point's nearest-area cell (Voronoi, clipped to the outline) coloured by a value, and
// optional move arrows. No tiles, no fonts, no network.

import { fmtNum, t } from './i18n.js';
import { s } from './ui.js';

const W = 800;
const PAD = 24;

/**
 * @typedef {{ code: string, name: string, lat: number, lon: number }} MapPoint
 * @typedef {[number, number]} XY
 */

/**
 * Equirectangular projection scaled by cos(latitude): at Hanoi's size (~100 km) the distortion is negligible.
 * @param {MapPoint[]} pts
 */
export function projection(pts) {
  const lats = pts.map((p) => p.lat);
  const lons = pts.map((p) => p.lon);
  const minLat = Math.min(...lats);
  const maxLat = Math.max(...lats);
  const minLon = Math.min(...lons);
  const maxLon = Math.max(...lons);
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max(1e-9, (maxLon - minLon) * k);
  const spanY = Math.max(1e-9, maxLat - minLat);
  const scale = (W - 2 * PAD) / spanX;
  const height = Math.round(spanY * scale + 2 * PAD);
  /** @param {number} lat @param {number} lon @returns {XY} */
  const xy = (lat, lon) => [PAD + (lon - minLon) * k * scale, PAD + (maxLat - lat) * scale];
  return { xy, width: W, height };
}

/** Andrew's monotone chain. @param {XY[]} pts @returns {XY[]} */
function convexHull(pts) {
  const p = [...pts].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (p.length < 3) return p;
  /** @param {XY} o @param {XY} a @param {XY} b */
  const cross = (o, a, b) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  /** @type {XY[]} */
  const lower = [];
  for (const q of p) {
    while (
      lower.length >= 2 &&
      cross(/** @type {XY} */ (lower.at(-2)), /** @type {XY} */ (lower.at(-1)), q) <= 0
    )
      lower.pop();
    lower.push(q);
  }
  /** @type {XY[]} */
  const upper = [];
  for (const q of p.reverse()) {
    while (
      upper.length >= 2 &&
      cross(/** @type {XY} */ (upper.at(-2)), /** @type {XY} */ (upper.at(-1)), q) <= 0
    )
      upper.pop();
    upper.push(q);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

/**
 * Keeps the part of a convex polygon on the side of the bisector of a→b nearer to a (Sutherland–Hodgman).
 * @param {XY[]} poly @param {XY} a @param {XY} b
 */
function clipToNearer(poly, a, b) {
  const nx = b[0] - a[0];
  const ny = b[1] - a[1];
  const c = (nx * (a[0] + b[0])) / 2 + (ny * (a[1] + b[1])) / 2;
  /** @param {XY} p */
  const inside = (p) => nx * p[0] + ny * p[1] <= c;
  /** @type {XY[]} */
  const out = [];
  for (let i = 0; i < poly.length; i++) {
    const cur = /** @type {XY} */ (poly[i]);
    const prev = /** @type {XY} */ (poly[(i + poly.length - 1) % poly.length]);
    const ci = inside(cur);
    const pi = inside(prev);
    if (ci !== pi) {
      const dp = nx * prev[0] + ny * prev[1];
      const dc = nx * cur[0] + ny * cur[1];
      const tt = (c - dp) / (dc - dp);
      out.push([prev[0] + (cur[0] - prev[0]) * tt, prev[1] + (cur[1] - prev[1]) * tt]);
    }
    if (ci) out.push(cur);
  }
  return out;
}

/** @param {XY[]} poly */
function pathOf(poly) {
  return poly.length ? `M${poly.map((p) => `${p[0].toFixed(1)},${p[1].toFixed(1)}`).join('L')}Z` : '';
}

/** Sequential colours, light to dark (colour-blind safe YlOrRd). */
export const SCALE = ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'];
export const NO_DATA = '#d7dde5';

/**
 * Quantile bin edges of the values (4 inner edges for 5 colours).
 * @param {number[]} values
 */
export function binEdges(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return [];
  return [0.2, 0.4, 0.6, 0.8].map(
    (q) => /** @type {number} */ (v[Math.min(v.length - 1, Math.floor(q * v.length))]),
  );
}

/** @param {number | null | undefined} value @param {number[]} edges */
export function colourOf(value, edges) {
  if (value === null || value === undefined || !Number.isFinite(value) || !edges.length) return NO_DATA;
  let i = 0;
  while (i < edges.length && value > /** @type {number} */ (edges[i])) i++;
  return /** @type {string} */ (SCALE[i]);
}

/**
 * The map as an SVG element.
 * @param {{ points: MapPoint[], value?: (code: string) => number | null | undefined, edges?: number[],
 *   selected?: string | null, href?: (code: string) => string, label?: (p: MapPoint) => string,
 *   arrows?: Array<{ from: string, to: string, staff: number }>, ariaLabel?: string, onSelect?: (code: string) => void }} opts
 */
export function drawMap(opts) {
  const pts = opts.points;
  const proj = projection(pts);
  /** @type {Map<string, XY>} */
  const at = new Map(pts.map((p) => [p.code, proj.xy(p.lat, p.lon)]));
  // Outline: hull of small circles around every point (a rounded envelope of the city).
  const r = 14;
  /** @type {XY[]} */
  const ring = [];
  for (const xy of at.values())
    for (let k = 0; k < 12; k++)
      ring.push([xy[0] + r * Math.cos((k * Math.PI) / 6), xy[1] + r * Math.sin((k * Math.PI) / 6)]);
  const hull = convexHull(ring);
  const svg = s('svg', {
    class: 'map',
    viewBox: `0 0 ${proj.width} ${proj.height}`,
    role: 'group',
    'aria-label': opts.ariaLabel ?? t('map.svgLabel', { n: pts.length }),
  });
  svg.append(
    s(
      'defs',
      {},
      s(
        'marker',
        {
          id: 'arrowhead',
          viewBox: '0 0 10 10',
          refX: '9',
          refY: '5',
          markerWidth: '5',
          markerHeight: '5',
          orient: 'auto-start-reverse',
        },
        s('path', { d: 'M0,0L10,5L0,10z', fill: '#c2410c' }),
      ),
    ),
    s('path', { class: 'outline', d: pathOf(hull) }),
  );
  const edges = opts.edges ?? [];
  const cells = s('g', { 'aria-hidden': 'true' });
  const list = [...at.entries()];
  for (const [code, xy] of list) {
    let poly = hull;
    for (const [other, oxy] of list) {
      if (other === code) continue;
      // Only near neighbours can cut a cell: skip far points (cheap pruning).
      if (Math.hypot(oxy[0] - xy[0], oxy[1] - xy[1]) > 260) continue;
      poly = clipToNearer(poly, xy, oxy);
      if (!poly.length) break;
    }
    cells.append(
      s('path', {
        class: `cell${opts.selected === code ? ' selected' : ''}`,
        d: pathOf(poly),
        fill: colourOf(opts.value?.(code), edges),
        'data-code': code,
      }),
    );
  }
  svg.append(cells);
  if (opts.arrows?.length) {
    const g = s('g', { 'aria-hidden': 'true' });
    const max = Math.max(...opts.arrows.map((a) => a.staff));
    for (const a of opts.arrows) {
      const p = at.get(a.from);
      const q = at.get(a.to);
      if (!p || !q) continue;
      // Stop short of the target dot so the head stays visible.
      const len = Math.hypot(q[0] - p[0], q[1] - p[1]) || 1;
      const ux = (q[0] - p[0]) / len;
      const uy = (q[1] - p[1]) / len;
      g.append(
        s('line', {
          class: 'arrow',
          x1: (p[0] + ux * 5).toFixed(1),
          y1: (p[1] + uy * 5).toFixed(1),
          x2: (q[0] - ux * 6).toFixed(1),
          y2: (q[1] - uy * 6).toFixed(1),
          'stroke-width': (1.2 + (3 * a.staff) / max).toFixed(1),
          'marker-end': 'url(#arrowhead)',
        }),
      );
    }
    svg.append(g);
  }
  const dots = s('g');
  for (const p of pts) {
    const xy = /** @type {XY} */ (at.get(p.code));
    const title = opts.label ? opts.label(p) : `${p.name} (${p.code})`;
    const dot = s('circle', {
      class: `pt${opts.selected === p.code ? ' selected' : ''}`,
      cx: xy[0].toFixed(1),
      cy: xy[1].toFixed(1),
      r: opts.selected === p.code ? 6 : 4,
    });
    const link = s(
      'a',
      {
        href: opts.href ? opts.href(p.code) : `#/map?point=${encodeURIComponent(p.code)}`,
        'aria-label': title,
        'data-code': p.code,
      },
      s('title', {}, title),
      dot,
    );
    if (opts.onSelect) {
      const onSelect = opts.onSelect;
      link.addEventListener('click', (e) => {
        e.preventDefault();
        onSelect(p.code);
      });
    }
    dots.append(link);
  }
  svg.append(dots);
  return svg;
}

/**
 * A legend for the colour bins.
 * @param {number[]} edges
 * @param {string} title
 * @param {(v: number) => string} [format]
 */
export function legend(edges, title, format = (v) => fmtNum(v, 1)) {
  const el = document.createElement('div');
  el.className = 'legend';
  const add = (/** @type {string} */ colour, /** @type {string} */ text) => {
    const sw = document.createElement('span');
    sw.className = 'swatch';
    sw.style.background = colour;
    const lab = document.createElement('span');
    lab.textContent = text;
    el.append(sw, lab);
  };
  const head = document.createElement('strong');
  head.textContent = `${title}:`;
  el.append(head);
  if (!edges.length) {
    add(NO_DATA, t('map.source.none'));
    return el;
  }
  const f = format;
  add(/** @type {string} */ (SCALE[0]), `≤ ${f(/** @type {number} */ (edges[0]))}`);
  for (let i = 1; i < edges.length; i++)
    add(
      /** @type {string} */ (SCALE[i]),
      `${f(/** @type {number} */ (edges[i - 1]))}–${f(/** @type {number} */ (edges[i]))}`,
    );
  add(/** @type {string} */ (SCALE[edges.length]), `> ${f(/** @type {number} */ (edges.at(-1)))}`);
  add(NO_DATA, '–');
  return el;
}
