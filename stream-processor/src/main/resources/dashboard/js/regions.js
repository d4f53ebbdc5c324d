// The region breakdown of an open incident confined to regions of networks: per region, the networks affected
// there, the share of the country's population living there (census reference data, when known) and the probes.
import { h, percent } from './dom.js';

/** "Jazz (Pakistan Mobile Communications Ltd)" -> "Jazz". */
const shortName = name => { const i = name.indexOf(' ('); return i > 0 ? name.slice(0, i) : name; };

/** One row per affected region of the incident's evidence (the API's open incident), in the order given. */
export function regionRows(evidence) {
  const names = new Map((evidence?.networks || []).map(n => [n.asn, n.name]));
  return (evidence?.affectedRegions || []).map(r => ({
    region: r.region,
    networks: (r.asns || []).map(asn => shortName(names.get(asn) ?? `AS${asn}`)),
    populationShare: Number.isFinite(r.populationShare) ? r.populationShare : null,
    probes: `${r.failingProbes ?? 0} of ${r.probes ?? 0}${r.silent ? ' silent' : ' failing'}`,
  }));
}

/** The breakdown as a table section, or null when the incident is not regional. */
export function regionBreakdown(evidence) {
  const rows = regionRows(evidence);
  if (!rows.length) return null;
  return h('section', { class: 'regions' }, h('h4', {}, 'Regions'),
    h('table', { class: 'evidence' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Region'), h('th', {}, 'Networks affected'), h('th', { class: 'num' }, 'Population'),
        h('th', { class: 'num' }, 'Probes'))),
      h('tbody', {}, rows.map(r => h('tr', { 'data-region': r.region },
        h('td', {}, r.region),
        h('td', {}, r.networks.join(', ')),
        h('td', { class: 'num', title: 'share of the country\'s population (census)' },
          r.populationShare === null ? '—' : percent(r.populationShare)),
        h('td', { class: 'num' }, r.probes))))));
}
