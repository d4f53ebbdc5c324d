// The page's sections, rendered from the API's JSON with DOM nodes only (see dom.js).
import { h, humanize, platformName, dateTime, duration, percent, millis, clock } from './dom.js';
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
      cells);
  });
  return h('table', { class: 'grid', id: 'grid-table' }, h('thead', {}, head), h('tbody', {}, rows));
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
        h('td', {}, open ? humanize(e.classification) : kindFromId(i.incidentId)),
        h('td', {}, platforms.map(platformName).join(', ') || '—'),
        h('td', { class: 'num' }, asns.length),
        h('td', {}, techs.map(humanize).join(', ') || '—'),
        h('td', { class: 'incident-id' }, i.incidentId));
    })));
}

// Resolved incidents carry no classification in the API; their id ends with the kind of slot.
function kindFromId(id) {
  if (/-outage$/.test(id)) return 'Network outage';
  if (/-restriction$/.test(id)) return 'Platform restriction or throttling';
  if (/-global$/.test(id)) return 'Global platform outage';
  return '—';
}
