// Every country at a glance: a world map (Natural Earth shapes, projected at package time into world-map.js)
// coloured by open incident and probe coverage, and a table of countries, from GET /api/countries.
import { h, s, humanize, dateTime } from './dom.js';
import { WORLD } from './world-map.js';

const LABELS = {
  incident: 'Open incident', gap: 'Coverage gap', covered: 'Covered', nodata: 'Watched, no probes', none: 'Not watched',
};

/** A country's colour on the map: an open incident first, then whether its networks have enough probes. */
export function countryState(row) {
  if (!row) return 'none';
  if ((row.openIncidents || []).length) return 'incident';
  if (row.networksCovered > 0 && row.networksCovered >= row.networksWatched) return 'covered';
  if (row.probesAlive > 0 || row.networksCovered > 0) return 'gap';
  return 'nodata';
}

function describe(name, row) {
  if (!row) return `${name}: not watched`;
  const incidents = row.openIncidents || [];
  return [`${name} (${row.country}): ${LABELS[countryState(row)]}`,
    incidents.length ? `open: ${incidents.map(humanize).join(', ')}` : 'no open incident',
    `${row.networksCovered} of ${row.networksWatched} networks with enough probes, ${row.probesAlive} probes alive`].join('\n');
}

/** The map; clicking a watched country calls onPick(cc). */
export function map(body, onPick) {
  const rows = new Map((body.countries || []).map(r => [r.country, r]));
  const svg = s('svg', { viewBox: `0 0 ${WORLD.width} ${WORLD.height}`, class: 'world', role: 'img',
    'aria-label': 'World map of countries by open incident and probe coverage', id: 'world-map' });
  svg.append(s('path', { d: WORLD.sphere, class: 'ocean' }));
  for (const c of WORLD.countries) {
    const row = c.cc ? rows.get(c.cc) : undefined;
    const state = countryState(row);
    const path = s('path', { d: c.d, class: `country map-${state}`, 'data-cc': c.cc, 'data-state': state },
      s('title', {}, describe(c.name, row)));
    if (row) path.addEventListener('click', () => onPick(c.cc));
    svg.append(path);
  }
  return svg;
}

export function legend() {
  return h('ul', { class: 'legend' }, Object.entries(LABELS).map(([state, label]) =>
    h('li', {}, h('span', { class: `swatch map-swatch map-${state}` }), label)));
}

/** The table of countries: incidents first, then by country code. */
export function table(body, onPick) {
  const rows = [...(body.countries || [])].sort((a, b) =>
    (b.openIncidents || []).length - (a.openIncidents || []).length || a.country.localeCompare(b.country));
  if (!rows.length) return h('p', { class: 'empty' }, 'No country watched yet: no reference networks, probes or statuses.');
  return h('table', { class: 'countries', id: 'countries-table' },
    h('thead', {}, h('tr', {}, ['Country', 'State', 'Networks covered', 'Probes alive', 'Open incidents', 'Last window', 'Last heartbeat']
      .map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows.map(r => {
      const state = countryState(r);
      return h('tr', { 'data-cc': r.country, 'data-state': state },
        h('th', { scope: 'row' }, h('button', { type: 'button', class: 'link', 'data-country': r.country }, r.country)),
        h('td', {}, h('span', { class: `swatch map-swatch map-${state}` }), ` ${LABELS[state]}`),
        h('td', { class: 'num' }, `${r.networksCovered} / ${r.networksWatched}`),
        h('td', { class: 'num' }, r.probesAlive),
        h('td', {}, (r.openIncidents || []).map(humanize).join(', ') || '—'),
        h('td', {}, r.lastWindowEnd ? dateTime(r.lastWindowEnd) : '—'),
        h('td', {}, r.lastHeartbeat ? dateTime(r.lastHeartbeat) : '—'));
    })));
}
