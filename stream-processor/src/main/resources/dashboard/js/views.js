// The page's sections, rendered from the API's JSON with DOM nodes only (see dom.js).
import { h, s, humanize, platformName, dateTime, duration, percent, millis, clock } from './dom.js';
import { regionBreakdown } from './regions.js';

const STATE_LABELS = {
  ok: 'OK', degraded: 'Degraded', throttled: 'Throttled', disrupted: 'Disrupted', silent: 'Silent', nodata: 'No data',
};

/** A verdict's state (or the network's silence) as the cell state shown in the grid. */
export function cellState(network, verdict) {
  if (network.silent) return 'silent';
  if (!verdict) return 'nodata';
  switch (verdict.state) {
    case 'OK': return 'ok';
    case 'DEGRADED': return 'degraded';
    case 'THROTTLED': return 'throttled';
    case 'DISRUPTED': return 'disrupted';
    default: return 'nodata';
  }
}

/** Platforms in display order: the country's platforms by name, the control targets last. */
export function gridPlatforms(networks) {
  const all = new Set();
  for (const n of networks) for (const v of n.platforms || []) all.add(v.platform);
  return [...all].sort((a, b) => (a === 'control') - (b === 'control') || platformName(a).localeCompare(platformName(b)));
}

export function grid(status, userShares) {
  const networks = [...(status.networks || [])].sort((a, b) =>
    (userShares.get(b.asn) ?? -1) - (userShares.get(a.asn) ?? -1) || String(a.name).localeCompare(String(b.name)));
  if (!networks.length) {
    return h('p', { class: 'empty' }, `No measurements from ${status.country} yet.`);
  }
  const platforms = gridPlatforms(networks);
  const head = h('tr', {}, h('th', { scope: 'col', class: 'net-col' }, 'Network'), h('th', { scope: 'col', class: 'num' }, 'Users'),
    h('th', { scope: 'col' }, 'Sources'),
    platforms.map(p => h('th', { scope: 'col', class: p === 'control' ? 'control-col' : '' }, platformName(p))));
  const rows = networks.map(n => {
    const cells = platforms.map(p => {
      const v = (n.platforms || []).find(x => x.platform === p);
      const state = cellState(n, v);
      const detail = v && state !== 'silent' && state !== 'nodata' ? `${percent(v.failureRate)} fail` : '';
      return h('td', {
        class: `cell state-${state}${p === 'control' ? ' control-col' : ''}`, 'data-state': state, 'data-platform': p,
        'data-asn': n.asn, title: cellTitle(n, p, v, state),
      }, h('span', { class: 'cell-label' }, STATE_LABELS[state]), detail && h('span', { class: 'cell-detail' }, detail));
    });
    const share = userShares.get(n.asn);
    return h('tr', { 'data-asn': n.asn },
      h('th', { scope: 'row', class: 'net-col' }, h('span', { class: 'net-name' }, n.name),
        h('span', { class: 'net-meta' }, `AS${n.asn} · ${humanize(n.networkType)}`)),
      h('td', { class: 'num' }, Number.isFinite(share) ? percent(share) : '—'),
      h('td', { class: 'sources', 'data-sources': (n.sources || []).map(x => x.source).join(' ') }, sourceMix(n.sources || [])),
      cells);
  });
  const table = h('table', { class: 'grid', id: 'grid-table' }, h('thead', {}, head), h('tbody', {}, rows));
  const fromOoni = networks.some(n => (n.sources || []).some(x => x.source === 'OONI'));
  return fromOoni ? h('div', {}, table, ooniAttribution()) : table;
}

/** "5 probes · OONI 12": own probes heard from, and the OONI test runs of the retention period. */
export function sourceMix(sources) {
  if (!sources.length) return '—';
  return sources.map(x => x.source === 'OONI'
    ? `OONI ${x.reports} run${x.reports === 1 ? '' : 's'}`
    : `${x.probes} probe${x.probes === 1 ? '' : 's'}`).join(' · ');
}

/** OONI's data is CC BY-NC-SA 4.0: wherever it is shown, credit OONI and name the licence. */
export function ooniAttribution() {
  return h('p', { class: 'attribution muted', id: 'ooni-attribution' },
    'Includes measurements by OONI, the Open Observatory of Network Interference (',
    h('a', { href: 'https://explorer.ooni.org/', rel: 'noopener' }, 'explorer.ooni.org'),
    '), licensed ', h('a', { href: 'https://creativecommons.org/licenses/by-nc-sa/4.0/', rel: 'noopener' }, 'CC BY-NC-SA 4.0'), '.');
}

/** A sample measurement: OONI's link to its public page, or the id of an own probe's measurement. */
export function sampleMeasurement(id) {
  return id.startsWith('ooni:')
    ? h('a', { class: 'incident-id', href: `https://explorer.ooni.org/m/${encodeURIComponent(id.slice(5))}`, rel: 'noopener' }, id)
    : h('span', { class: 'incident-id' }, id);
}

function cellTitle(network, platform, v, state) {
  const lines = [`${network.name} — ${platformName(platform)}: ${STATE_LABELS[state]}`,
    `window ${clock(network.windowStart)}–${clock(network.windowEnd)} UTC`];
  if (v) {
    lines.push(`failure rate ${percent(v.failureRate, 1)}, ${v.measurements} measurements from ${v.probes} probes`);
    if (Number.isFinite(v.latencyMedianMs)) lines.push(`median time ${Math.round(v.latencyMedianMs)} ms`);
  }
  return lines.join('\n');
}

export function stateLegend() {
  return h('ul', { class: 'legend state-legend' }, Object.entries(STATE_LABELS).map(([state, label]) =>
    h('li', {}, h('span', { class: `swatch state-${state}` }), label)));
}

/** The "data clock": the newest window end the detector has judged (event time, which a replay sets in the past). */
export function dataTime(status) {
  return Math.max(-Infinity, ...(status.networks || []).map(n => millis(n.windowEnd)).filter(Number.isFinite));
}

export function openIncident(incident, now) {
  const e = incident.evidence || {};
  const platforms = e.platforms || [];
  const start = millis(incident.startTime);
  const confidence = Number(e.confidence);
  return h('article', {
    class: 'incident', 'data-incident-id': incident.incidentId, 'data-classification': e.classification,
    'data-platforms': platforms.join(' '),
  },
  h('header', { class: 'incident-head' },
    h('span', { class: 'badge badge-open' }, 'Open'),
    h('span', { class: 'classification' }, humanize(e.classification)),
    h('span', { class: 'scope' }, humanize(e.scope)),
    h('span', { class: 'incident-id' }, incident.incidentId)),
  h('h3', { class: 'headline' }, incident.headline),
  h('dl', { class: 'facts' },
    fact('Platforms', h('span', { class: 'chips' }, platforms.map(p => h('span', { class: 'chip', 'data-platform': p }, platformName(p))))),
    fact('Started', dateTime(start)),
    fact('Duration', `${duration(now - start)} (to ${clock(now)} UTC, data time)`),
    fact('Confidence', h('span', { class: 'confidence' },
      h('meter', { min: 0, max: 1, value: Number.isFinite(confidence) ? confidence : 0 }), ` ${percent(confidence)}`)),
    fact('Users affected', `${percent(e.affectedUserShare)} of the country's users`),
    (e.sources || []).length ? fact('Evidence', (e.sources || []).map(x =>
      `${x.source === 'OONI' ? 'OONI' : 'own probes'} ${x.measurements} measurements on ${x.networks} network${x.networks === 1 ? '' : 's'}`)
      .join('; ')) : null,
    (e.regions || []).length ? fact('Regions', e.regions.join(', ')) : null),
  h('div', { class: 'incident-body' },
    h('section', {}, h('h4', {}, 'Networks'), affectedNetworks(e.networks || []), regionBreakdown(e)),
    h('section', {}, h('h4', {}, 'How it is done'), techniques(e.techniques || []),
      h('h4', {}, 'Recurrence'), related(incident.relatedIncidents || []))));
}

function fact(term, ...value) {
  return h('div', { class: 'fact' }, h('dt', {}, term), h('dd', {}, value));
}

function affectedNetworks(networks) {
  if (!networks.length) return h('p', { class: 'muted' }, 'No network evidence.');
  return h('table', { class: 'evidence' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Network'), h('th', { class: 'num' }, 'Users'), h('th', { class: 'num' }, 'Failing'),
      h('th', { class: 'num' }, 'Control failing'), h('th', { class: 'num' }, 'Probes'))),
    h('tbody', {}, [...networks].sort((a, b) => (b.userShare ?? 0) - (a.userShare ?? 0)).map(n => h('tr', { 'data-asn': n.asn },
      h('td', {}, h('span', { class: 'net-name' }, n.name), h('span', { class: 'net-meta' }, `AS${n.asn}${n.silent ? ' · silent' : ''}`)),
      h('td', { class: 'num' }, Number.isFinite(n.userShare) ? percent(n.userShare) : '—'),
      h('td', { class: 'num' }, percent(n.failureRate)),
      h('td', { class: 'num' }, Number.isFinite(n.controlFailureRate) ? percent(n.controlFailureRate) : '—'),
      h('td', { class: 'num' }, n.probes)))));
}

function techniques(list) {
  if (!list.length) return h('p', { class: 'muted' }, 'No technique identified.');
  return h('ul', { class: 'techniques' }, list.map(t => h('li', { 'data-technique': t.technique },
    h('span', { class: 'technique' }, humanize(t.technique)),
    ` — ${percent(t.share)} of failing measurements (${t.measurements})`,
    (t.outcomes || []).length ? h('span', { class: 'net-meta' }, `outcomes: ${t.outcomes.join(', ')}`) : null,
    t.detail ? h('span', { class: 'net-meta' }, t.detail) : null)));
}

function related(list) {
  if (!list.length) return h('p', { class: 'muted' }, 'No similar earlier incident on record.');
  return h('ul', { class: 'related' }, list.map(r => h('li', {},
    h('span', { class: 'incident-id' }, r.incidentId),
    ` ${dateTime(r.startTime)}${Number.isFinite(millis(r.endTime)) ? ` – ${dateTime(r.endTime)}` : ''}`,
    h('span', { class: 'net-meta' }, `similarity ${percent(r.similarity)}`))));
}

export function noIncident(status) {
  const disrupted = (status.networks || []).some(n => (n.platforms || []).some(v => v.state === 'DISRUPTED'));
  return h('div', { class: 'calm' }, h('span', { class: 'badge badge-ok' }, 'No open incident'),
    disrupted ? ` in ${status.country}. Some networks show disrupted platforms below; an incident opens once the evidence`
      + ' is sustained across enough networks.'
      : ` in ${status.country}: no platform is disrupted on the networks with enough probes.`);
}

/** Open and resolved incidents of the country, newest first. */
export function history(incidents) {
  const rows = [...incidents].sort((a, b) => millis(b.startTime) - millis(a.startTime));
  if (!rows.length) return h('p', { class: 'empty' }, 'No incident recorded yet.');
  return h('table', { class: 'history' },
    h('thead', {}, h('tr', {}, ['Status', 'Started', 'Ended', 'Duration', 'Kind', 'Platforms', 'Networks', 'Techniques', 'Incident']
      .map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows.map(i => {
      const open = i.status === 'OPEN';
      const e = i.evidence || {};
      const start = millis(i.startTime);
      const end = millis(i.endTime);
      const platforms = open ? e.platforms || [] : i.platforms || [];
      const asns = open ? (e.networks || []).map(n => n.asn) : i.asns || [];
      const techs = open ? (e.techniques || []).map(t => t.technique) : i.techniques || [];
      return h('tr', { 'data-incident-id': i.incidentId, 'data-status': i.status },
        h('td', {}, h('span', { class: `badge ${open ? 'badge-open' : 'badge-resolved'}` }, open ? 'Open' : 'Resolved')),
        h('td', {}, dateTime(start)),
        h('td', {}, open ? '—' : dateTime(end)),
        h('td', {}, open ? 'ongoing' : duration(end - start)),
        h('td', { class: 'kind' }, incidentKind(i)),
        h('td', {}, platforms.map(platformName).join(', ') || '—'),
        h('td', { class: 'num' }, asns.length),
        h('td', {}, techs.map(humanize).join(', ') || '—'),
        h('td', { class: 'incident-id' }, h('button', { type: 'button', class: 'link', 'data-timeline': i.incidentId,
          title: 'Show this incident\'s timeline' }, i.incidentId)));
    })));
}

/** The incident's own classification: from its evidence while open, from the incident log once resolved. */
export function incidentKind(incident) {
  const classification = incident.status === 'OPEN' ? incident.evidence?.classification : incident.classification;
  return classification ? humanize(classification) : kindFromId(incident.incidentId);
}

const TIMELINE_STATES = {
  SILENT: 'silent', DISRUPTED: 'disrupted', THROTTLED: 'throttled', DEGRADED: 'degraded', OK: 'ok',
  INSUFFICIENT_DATA: 'nodata', NO_DATA: 'nodata',
};
const TL = { width: 900, row: 18, gap: 4, label: 230, top: 18, bottom: 22, right: 10 };
const shortName = name => (String(name).length > 24 ? `${String(name).slice(0, 23)}…` : String(name));

/**
 * An incident's timeline (GET /api/incidents/{id}/timeline): a strip per network, a cell per judged window
 * coloured by the worst verdict among the incident's platforms, the incident's span marked; then how it is
 * done and sample measurements.
 */
export function timeline(t) {
  const strips = [...(t.strips || [])].sort((a, b) => (b.userShare ?? -1) - (a.userShare ?? -1));
  const from = millis(t.from);
  const to = millis(t.to);
  const start = millis(t.startTime);
  const end = Number.isFinite(millis(t.endTime)) ? millis(t.endTime) : to;
  const height = TL.top + strips.length * (TL.row + TL.gap) + TL.bottom;
  const x = time => TL.label + ((time - from) / (to - from)) * (TL.width - TL.label - TL.right);
  const svg = s('svg', { viewBox: `0 0 ${TL.width} ${height}`, class: 'timeline-chart', role: 'img',
    'aria-label': `Verdicts per network around incident ${t.incidentId}` });
  svg.append(s('rect', { x: x(start), y: TL.top - 4, width: Math.max(1, x(end) - x(start)),
    height: strips.length * (TL.row + TL.gap) + 4, class: 'tl-span' }));
  svg.append(s('text', { x: x(start) + 2, y: TL.top - 7, class: 'tl-span-label' },
    t.status === 'OPEN' ? 'open incident' : 'incident'));
  strips.forEach((strip, i) => {
    const y = TL.top + i * (TL.row + TL.gap);
    const row = s('g', { class: 'tl-row', 'data-asn': strip.asn, 'data-affected': strip.affected });
    row.append(s('text', { x: TL.label - 8, y: y + TL.row - 5, 'text-anchor': 'end', class: strip.affected ? 'tl-label tl-affected' : 'tl-label' },
      `${shortName(strip.name)}${Number.isFinite(strip.userShare) ? ` · ${percent(strip.userShare)}` : ''}`,
      s('title', {}, strip.name)));
    for (const c of strip.cells || []) {
      const state = TIMELINE_STATES[c.state] || 'nodata';
      const a = x(Math.max(millis(c.windowStart), from));
      const b = x(Math.min(millis(c.windowEnd), to));
      if (b <= a) continue;
      row.append(s('rect', { x: a, y, width: Math.max(0.5, b - a - 0.5), height: TL.row, class: `tl-cell tl-${state}`,
        'data-state': state, 'data-window-start': millis(c.windowStart) },
      s('title', {}, `${strip.name}: ${humanize(c.state)} (${clock(millis(c.windowStart))}–${clock(millis(c.windowEnd))} UTC)`)));
    }
    svg.append(row);
  });
  const span = to - from;
  const step = [5, 10, 15, 30, 60, 120, 240].map(m => m * 60000).find(m => span / m <= 10) || 480 * 60000;
  const axisY = height - TL.bottom + 14;
  for (let tick = Math.ceil(from / step) * step; tick <= to; tick += step) {
    svg.append(s('text', { x: x(tick), y: axisY, 'text-anchor': 'middle', class: 'tick' }, clock(tick)));
  }
  const samples = t.sampleMeasurementIds || [];
  return h('article', { class: 'timeline', 'data-incident-id': t.incidentId, 'data-classification': t.classification },
    h('header', { class: 'incident-head' },
      h('span', { class: `badge ${t.status === 'OPEN' ? 'badge-open' : 'badge-resolved'}` }, t.status === 'OPEN' ? 'Open' : 'Resolved'),
      h('span', { class: 'classification' }, humanize(t.classification)),
      h('span', { class: 'scope' }, humanize(t.scope)),
      h('span', { class: 'incident-id' }, t.incidentId)),
    h('h3', { class: 'headline' }, t.headline),
    h('p', { class: 'note' }, `${dateTime(start)} – ${Number.isFinite(millis(t.endTime)) ? dateTime(end) : 'ongoing'} UTC · `
      + `${percent(t.affectedUserShare)} of users · each cell one window, coloured by the worst verdict among `
      + `${(t.platforms || []).length ? t.platforms.map(platformName).join(', ') : 'all platforms'}; bold: networks in the incident.`),
    strips.length ? svg : h('p', { class: 'muted' }, 'No network windows in the history for this span.'),
    h('div', { class: 'incident-body' },
      h('section', {}, h('h4', {}, 'How it is done'), techniques(t.techniques || [])),
      h('section', {}, h('h4', {}, 'Sample measurements'), samples.length
        ? h('ul', { class: 'samples' }, samples.slice(0, 12).map(id => h('li', {}, sampleMeasurement(id))))
        : h('p', { class: 'muted' }, 'No sample measurement recorded.'))));
}

// When the incident log does not know an incident (still loading), its id's ending gives the kind of slot.
function kindFromId(id) {
  if (/-outage$/.test(id)) return 'Network outage';
  if (/-restriction$/.test(id)) return 'Platform restriction or throttling';
  if (/-global$/.test(id)) return 'Global platform outage';
  return '—';
}
