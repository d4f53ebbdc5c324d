// The fleet page for SREs, rendered from GET /api/fleet with DOM nodes only (see dom.js): probes per network
// (alive, silent, versions, clock offsets, measurements per minute), coverage gaps and the fleet configuration.
import { h, humanize, platformName, dateTime, percent } from './dom.js';

function offset(ms) {
  if (!Number.isFinite(ms)) return '—';
  const sign = ms > 0 ? '+' : ms < 0 ? '−' : '±';
  const abs = Math.abs(ms);
  return abs >= 1000 ? `${sign}${(abs / 1000).toFixed(1)} s` : `${sign}${abs} ms`;
}

/** Clock offsets of the alive probes: "−120 ms … +80 ms", one value when they agree. */
export function offsetRange(n) {
  if (!Number.isFinite(n.clockOffsetMinMs)) return '—';
  return n.clockOffsetMinMs === n.clockOffsetMaxMs ? offset(n.clockOffsetMinMs)
    : `${offset(n.clockOffsetMinMs)} … ${offset(n.clockOffsetMaxMs)}`;
}

function interval(ms) {
  if (!Number.isFinite(ms)) return '—';
  return ms % 60000 === 0 && ms > 0 ? `${ms / 60000} min` : `${Math.round(ms / 1000)} s`;
}

function byShareThenName(a, b) {
  return (b.userShare ?? -1) - (a.userShare ?? -1) || String(a.name).localeCompare(String(b.name));
}

export function summary(fleet) {
  const gaps = (fleet.networks || []).filter(n => n.coverageGap).length;
  return [
    h('strong', {}, `${fleet.aliveProbes} of ${fleet.probes}`), ' probes alive',
    ` on ${(fleet.networks || []).length} networks · `,
    gaps ? h('span', { class: 'badge badge-gap' }, `${gaps} coverage gap${gaps === 1 ? '' : 's'}`)
      : h('span', { class: 'badge badge-ok' }, 'No coverage gap'),
    h('span', { class: 'muted' }, ` · judged at ${dateTime(fleet.judgedAt)} (the fleet's clock)`),
  ];
}

export function table(fleet) {
  const networks = [...(fleet.networks || [])].sort(byShareThenName);
  if (!networks.length) return h('p', { class: 'empty' }, `No probes heard from ${fleet.country} recently and no known networks.`);
  const head = h('tr', {}, ['Network', 'Users', 'Alive', 'Silent', 'Versions', 'Clock offset', 'Meas./min', 'Coverage']
    .map((t, i) => h('th', { scope: 'col', class: i === 0 || i === 4 || i === 7 ? '' : 'num' }, t)));
  const rows = networks.map(n => {
    const silentIds = (n.probes || []).filter(p => !p.alive).map(p => p.probeId);
    return h('tr', {
      class: n.coverageGap ? 'fleet-gap' : '', 'data-asn': n.asn, 'data-alive': n.alive, 'data-silent': n.silent,
      'data-gap': n.coverageGap,
    },
    h('th', { scope: 'row', class: 'net-col' }, h('span', { class: 'net-name' }, n.name),
      h('span', { class: 'net-meta' }, `AS${n.asn} · ${humanize(n.networkType)}`)),
    h('td', { class: 'num' }, Number.isFinite(n.userShare) ? percent(n.userShare) : '—'),
    h('td', { class: 'num count-alive' }, n.alive),
    h('td', { class: `num${n.silent ? ' count-silent' : ''}`, title: silentIds.length ? `Silent: ${silentIds.join(', ')}` : null },
      n.silent),
    h('td', { class: 'versions' }, (n.versions || []).join(', ') || '—'),
    h('td', { class: 'num' }, offsetRange(n)),
    h('td', { class: 'num' }, Number.isFinite(n.measurementsPerMinute) ? n.measurementsPerMinute.toFixed(1) : '—'),
    h('td', {}, n.coverageGap
      ? h('span', { class: 'badge badge-gap' }, `Gap · needs ${fleet.minProbes - n.alive} more`)
      : h('span', { class: 'badge badge-ok' }, 'OK')));
  });
  return h('table', { class: 'fleet-table', id: 'fleet-table' }, h('thead', {}, head), h('tbody', {}, rows));
}

export function gaps(fleet) {
  const list = [...(fleet.networks || [])].filter(n => n.coverageGap).sort(byShareThenName);
  const why = `A network needs at least ${fleet.minProbes} alive probes before the detector judges it.`;
  if (!list.length) return [h('p', { class: 'calm' }, 'Every network has enough alive probes.'), h('p', { class: 'note' }, why)];
  return [
    h('ul', { class: 'gaps' }, list.map(n => h('li', { 'data-asn': n.asn },
      h('strong', {}, n.name), ` (AS${n.asn}): ${n.alive} alive, needs ${fleet.minProbes - n.alive} more`))),
    h('p', { class: 'note' }, `${why} Its verdicts show as “No data” until then.`),
  ];
}

function scopeLabel(scope) {
  if (scope === '*') return 'Every probe';
  return scope.includes(':') ? `Network ${scope}` : `Country ${scope}`;
}

export function configs(fleet) {
  const list = fleet.fleetConfig || [];
  if (!list.length) {
    return h('p', { class: 'empty' }, 'None published on vantage.fleet-config.v1: probes use their built-in target list.');
  }
  return [
    h('table', { class: 'config-table', id: 'fleet-config-table' },
      h('thead', {}, h('tr', {}, ['Scope', 'Version', 'Issued', 'Targets', 'Every', 'At once']
        .map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, list.map(c => h('tr', { 'data-scope': c.scope },
        h('th', { scope: 'row' }, scopeLabel(c.scope)),
        h('td', { class: 'versions' }, c.version),
        h('td', {}, dateTime(c.issuedAt)),
        h('td', {}, `${(c.targets || []).length}: ${(c.platforms || []).map(platformName).join(', ')}`),
        h('td', {}, `${interval(c.intervalMs)} ± ${interval(c.jitterMs)}`),
        h('td', { class: 'num' }, c.concurrency))))),
    h('p', { class: 'note' }, 'A probe applies the most specific scope it matches: network, then country, then every probe.'),
  ];
}
