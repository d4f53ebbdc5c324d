// DOM and formatting helpers. Data is only ever rendered through textContent and setAttribute, never
// parsed as HTML, so names and evidence coming from probes cannot inject markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

function build(el, attrs, children) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value !== undefined && value !== null && value !== false) {
      el.setAttribute(name, String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** h('td', {class: 'cell'}, 'text', otherNode): an HTML element; strings become text nodes. */
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** Same as h() for SVG elements. */
export function s(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

/** Replaces the children of the element with the given id. */
export function fill(id, ...children) {
  const el = document.getElementById(id);
  el.replaceChildren(...children.flat().filter(c => c !== null && c !== undefined && c !== false));
  return el;
}

const PLATFORM_NAMES = {
  twitter: 'X/Twitter', facebook: 'Facebook', instagram: 'Instagram', youtube: 'YouTube',
  whatsapp: 'WhatsApp', telegram: 'Telegram', tiktok: 'TikTok', control: 'Control sites',
};

export function platformName(p) {
  return PLATFORM_NAMES[p] || (p ? p.charAt(0).toUpperCase() + p.slice(1) : '?');
}

const ACRONYMS = new Set(['dns', 'tcp', 'tls', 'sni', 'http', 'ip']);

/** PLATFORM_RESTRICTION -> "Platform restriction", TLS_SNI_FILTERING -> "TLS SNI filtering". */
export function humanize(code) {
  if (!code) return '';
  const words = String(code).toLowerCase().split('_').map(w => (ACRONYMS.has(w) ? w.toUpperCase() : w));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Epoch millis, ISO string or Avro logical value -> epoch millis (NaN when absent). */
export function millis(t) {
  if (t === null || t === undefined) return NaN;
  if (typeof t === 'number') return t;
  const parsed = Date.parse(t);
  return Number.isNaN(parsed) ? Number(t) : parsed;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = n => String(n).padStart(2, '0');

/** "20 Jan 2024 13:40 UTC": times are UTC everywhere on the page, as in the alerts. */
export function dateTime(t) {
  const ms = millis(t);
  if (Number.isNaN(ms)) return '—';
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

export function clock(t) {
  const ms = millis(t);
  if (Number.isNaN(ms)) return '—';
  const d = new Date(ms);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export function duration(ms) {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const minutes = Math.round(ms / 60000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${pad(minutes % 60)} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

export function percent(x, digits = 0) {
  return Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : '—';
}
