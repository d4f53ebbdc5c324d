// Live dashboard of one country: polls the status and incidents API, follows the alerts stream (SSE) to
// refresh at once when an incident opens, changes or resolves, and keeps the windows seen for the charts.
// The fleet tab polls the fleet API while it is shown.
import { h, fill, dateTime, clock, millis, percent, humanize } from './dom.js';
import { WindowSeries, lineChart, legend } from './chart.js';
import * as views from './views.js';
import * as fleetViews from './fleet.js';
import * as overview from './overview.js';

const REFRESH_MS = 2000;
const FLEET_REFRESH_MS = 5000;
const VIEWS = ['live', 'fleet', 'overview'];

const params = new URLSearchParams(location.search);
const state = {
  country: (params.get('country') || 'PK').toUpperCase(),
  view: VIEWS.includes(params.get('view')) ? params.get('view') : 'live',
  fleetLoading: false,
  overviewLoading: false,
  series: new WindowSeries(),
  history: null, // {windows, retentionSeconds} once the history API answered, or {error}
  userShares: new Map(), // ASN -> share of users: from the status when given, else from incident evidence and alerts
  incidents: [],
  timeline: { id: null, chosen: false, loadedAt: 0, loading: false },
  status: null,
  refreshing: false,
  timer: null,
};

function setConnection(kind, text) {
  const el = document.getElementById('connection');
  el.dataset.state = kind;
  el.textContent = text;
}

async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || `${path}: HTTP ${response.status}`);
  return body;
}

async function refresh() {
  if (state.refreshing) return;
  state.refreshing = true;
  const cc = state.country;
  try {
    const [status, incidents] = await Promise.all([
      getJson(`api/countries/${encodeURIComponent(cc)}/status`),
      getJson(`api/incidents?country=${encodeURIComponent(cc)}`),
    ]);
    if (cc !== state.country) return; // the country changed while loading
    state.status = status;
    state.incidents = incidents.incidents || [];
    for (const n of status.networks || []) { // when the API serves the reference table's share
      if (Number.isFinite(n.userShare)) state.userShares.set(n.asn, n.userShare);
    }
    for (const i of state.incidents) {
      for (const n of i.evidence?.networks || []) {
        if (Number.isFinite(n.userShare)) state.userShares.set(n.asn, n.userShare);
      }
    }
    state.series.addStatus(status);
    render();
    fill('problem');
  } catch (e) {
    state.series.markGap();
    const shown = state.status ? ' The page shows the last data it received.' : '';
    fill('problem', h('p', { class: 'problem' }, `Cannot load ${cc}: ${e.message}. Retrying…${shown}`));
  } finally {
    state.refreshing = false;
  }
}

function render() {
  const status = state.status;
  const now = views.dataTime(status);
  fill('data-time', Number.isFinite(now) ? `Data as of ${dateTime(now)}` : 'No windows judged yet');
  const open = status.openIncidents || [];
  fill('open-incidents', open.length ? open.map(i => views.openIncident(i, Number.isFinite(now) ? now : Date.now()))
    : views.noIncident(status));
  fill('grid', views.grid(status, state.userShares));
  const ends = (status.networks || []).map(n => millis(n.windowEnd)).filter(Number.isFinite);
  fill('grid-note', ends.length ? `Latest one-window verdict per network (windows ending ${windowRange(ends)} UTC). `
    + 'Hover a cell for its evidence.' : '');
  const bands = state.incidents.map(i => ({ start: millis(i.startTime), end: millis(i.endTime), open: i.status === 'OPEN' }));
  fill('chart-failure', lineChart(state.series, 'failureRate',
    { yMax: 1, yFormat: v => percent(v), label: 'Failure rate per platform over time', incidents: bands }));
  fill('chart-latency', lineChart(state.series, 'latencyMs',
    { yFormat: v => `${Math.round(v)} ms`, label: 'Median time per platform over time', incidents: bands }));
  fill('chart-legend', legend(state.series));
  fill('chart-note', chartNote());
  fill('history', views.history(state.incidents));
  refreshTimeline();
}

const TIMELINE_REFRESH_MS = 10000;

/** The timeline shown: the one chosen in the history, else the open incident, else the latest one. */
async function refreshTimeline(force = false) {
  const tl = state.timeline;
  if (!tl.chosen) {
    const newest = [...state.incidents].sort((a, b) => (b.status === 'OPEN') - (a.status === 'OPEN')
      || millis(b.startTime) - millis(a.startTime))[0];
    if (newest && newest.incidentId !== tl.id) {
      tl.id = newest.incidentId;
      force = true;
    }
  }
  if (!tl.id || tl.loading || (!force && Date.now() - tl.loadedAt < TIMELINE_REFRESH_MS)) return;
  tl.loading = true;
  const id = tl.id;
  try {
    const body = await getJson(`api/incidents/${encodeURIComponent(id)}/timeline`);
    if (id === state.timeline.id) fill('timeline', views.timeline(body));
    tl.loadedAt = Date.now();
  } catch (e) {
    fill('timeline', h('p', { class: 'muted' }, `Timeline of ${id} not available yet (${e.message}).`));
  } finally {
    tl.loading = false;
  }
}

function chartNote() {
  const h = state.history;
  if (!h) return 'Loading the last hours…';
  if (h.error) return `History unavailable (${h.error}): ${state.series.size()} windows seen since this page was opened.`;
  const hours = Math.round(h.retentionSeconds / 360) / 10;
  return `The last ${hours} h as judged by the detector (${h.windows} windows when the page opened), then every `
    + `window judged since: ${state.series.size()} windows. Shaded: incidents.`;
}

/** Once per country: the history API's last hours, so the chart shows an incident's onset however late the page opens. */
async function loadHistory() {
  const cc = state.country;
  try {
    const history = await getJson(`api/countries/${encodeURIComponent(cc)}/history`);
    if (cc !== state.country) return;
    state.history = { windows: state.series.addHistory(history), retentionSeconds: history.retentionSeconds };
    for (const n of history.networks || []) {
      if (Number.isFinite(n.userShare)) state.userShares.set(n.asn, n.userShare);
    }
  } catch (e) {
    if (cc !== state.country) return;
    state.history = { error: e.message };
  }
  if (state.status) render();
}

async function refreshFleet() {
  if (state.view !== 'fleet' || state.fleetLoading) return;
  state.fleetLoading = true;
  const cc = state.country;
  try {
    const fleet = await getJson(`api/fleet?country=${encodeURIComponent(cc)}`);
    if (cc !== state.country) return;
    fill('fleet-summary', fleetViews.summary(fleet));
    fill('fleet', fleetViews.table(fleet));
    fill('fleet-note', `Probes heard in the last 15 minutes; a probe is silent after three missed heartbeats. `
      + 'Clock offsets and measurement rates are those of the alive probes. Hover a silent count for the probes.');
    fill('fleet-gaps', fleetViews.gaps(fleet));
    fill('fleet-config', fleetViews.configs(fleet));
    fill('fleet-problem');
  } catch (e) {
    fill('fleet-problem', h('p', { class: 'problem' }, `Cannot load the fleet of ${cc}: ${e.message}. Retrying…`));
  } finally {
    state.fleetLoading = false;
  }
}

async function refreshOverview() {
  if (state.view !== 'overview' || state.overviewLoading) return;
  state.overviewLoading = true;
  try {
    const body = await getJson('api/countries');
    const pick = cc => { chooseCountry(cc); showView('live'); };
    fill('world', overview.map(body, pick));
    fill('countries', overview.table(body, pick));
    const global = body.globalOpenIncidents || [];
    fill('global-incidents', global.length ? `Global platform outage open: ${global.join('; ')}` : '');
    fill('overview-problem');
  } catch (e) {
    fill('overview-problem', h('p', { class: 'problem' }, `Cannot load the countries: ${e.message}. Retrying…`));
  } finally {
    state.overviewLoading = false;
  }
}

function showView(view) {
  state.view = view;
  for (const v of VIEWS) {
    document.getElementById(`view-${v}`).hidden = v !== view;
    document.getElementById(`tab-${v}`).setAttribute('aria-selected', String(v === view));
  }
  updateUrl();
  refreshFleet();
  refreshOverview();
}

function updateUrl() {
  const view = state.view === 'live' ? '' : `&view=${state.view}`;
  history.replaceState(null, '', `?country=${encodeURIComponent(state.country)}${view}`);
}

function windowRange(ends) {
  const first = clock(Math.min(...ends));
  const last = clock(Math.max(...ends));
  return first === last ? last : `${first}–${last}`;
}

function followAlerts() {
  const source = new EventSource('api/alerts/stream');
  source.onopen = () => setConnection('live', 'Live');
  source.onerror = () => setConnection('down', 'Reconnecting…');
  source.addEventListener('alert', event => {
    let alert;
    try {
      alert = JSON.parse(event.data);
    } catch {
      return; // not JSON: the next status refresh shows the change anyway
    }
    for (const n of alert.networks || []) {
      if (Number.isFinite(n.user_share)) state.userShares.set(n.asn, n.user_share);
    }
    if (alert.country === state.country) {
      fill('last-alert', h('span', { class: 'muted' }, `Latest alert (${clock(millis(alert.last_update_time))} UTC) `),
        h('span', { class: `badge badge-${String(alert.status).toLowerCase()}` }, humanize(alert.status)), ` ${alert.headline}`);
      refresh();
    }
  });
}

function chooseCountry(cc) {
  state.country = cc;
  state.series = new WindowSeries();
  state.history = null;
  state.timeline = { id: null, chosen: false, loadedAt: 0, loading: false };
  fill('timeline', h('p', { class: 'muted' }, 'Choose an incident in the history.'));
  state.status = null;
  state.incidents = [];
  updateUrl();
  for (const el of document.querySelectorAll('[data-country-name]')) el.textContent = cc;
  fill('last-alert');
  fill('fleet', h('p', { class: 'muted' }, 'Loading…'));
  loadHistory();
  refresh();
  refreshFleet();
}

function start() {
  const form = document.getElementById('country-form');
  const input = document.getElementById('country');
  input.value = state.country;
  form.addEventListener('submit', event => {
    event.preventDefault();
    const cc = input.value.trim().toUpperCase();
    if (/^[A-Z]{2}$/.test(cc)) chooseCountry(cc);
    else fill('problem', h('p', { class: 'problem' }, 'Enter a two-letter country code, e.g. PK.'));
  });
  for (const v of VIEWS) document.getElementById(`tab-${v}`).addEventListener('click', () => showView(v));
  fill('state-legend', views.stateLegend());
  fill('world-legend', overview.legend());
  document.getElementById('countries').addEventListener('click', event => {
    const cc = event.target.closest('[data-country]')?.dataset.country;
    if (cc) { chooseCountry(cc); showView('live'); }
  });
  document.getElementById('history').addEventListener('click', event => {
    const id = event.target.closest('[data-timeline]')?.dataset.timeline;
    if (!id) return;
    state.timeline = { id, chosen: true, loadedAt: 0, loading: false };
    refreshTimeline(true);
    document.getElementById('timeline').scrollIntoView({ behavior: 'smooth', block: 'start' });
  });
  followAlerts();
  chooseCountry(state.country);
  showView(state.view);
  state.timer = setInterval(refresh, REFRESH_MS);
  setInterval(refreshFleet, FLEET_REFRESH_MS);
  setInterval(refreshOverview, FLEET_REFRESH_MS);
}

start();
