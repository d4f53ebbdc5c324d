// Unit tests of the dashboard's pure logic (no browser): node --test dashboard-logic.test.mjs
// The modules are the ones the stream processor serves, imported from its resources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const js = new URL('../../../../stream-processor/src/main/resources/dashboard/js/', import.meta.url);
const { WindowSeries } = await import(new URL('chart.js', js));
const { cellState, gridPlatforms, sourceMix } = await import(new URL('views.js', js));
const { humanize, duration, millis, percent } = await import(new URL('dom.js', js));
const { countryState } = await import(new URL('overview.js', js));
const { WORLD } = await import(new URL('world-map.js', js));

const verdict = (platform, failureRate, measurements, latencyMedianMs = 100) =>
  ({ platform, state: 'OK', failureRate, measurements, latencyMedianMs });
const network = (asn, end, platforms, silent = false) => ({
  asn, silent, windowStart: new Date(Date.parse(end) - 60000).toISOString(), windowEnd: end, platforms,
});

test('the country failure rate of a window is weighted by each network\'s measurements', () => {
  const series = new WindowSeries();
  series.addStatus({ networks: [
    network(1, '2024-01-20T13:41:00Z', [verdict('twitter', 1.0, 30)]),
    network(2, '2024-01-20T13:41:00Z', [verdict('twitter', 0.0, 10)]),
  ] });
  assert.deepEqual(series.points('twitter', 'failureRate'), [{ t: Date.parse('2024-01-20T13:41:00Z'), y: 0.75 }]);
});

test('a snapshot takes every network\'s latest verdict and is placed at the newest window', () => {
  const series = new WindowSeries();
  series.addStatus({ networks: [
    network(1, '2024-01-20T13:41:00Z', [verdict('instagram', 1.0, 10)]),
    network(2, '2024-01-20T13:45:00Z', [verdict('instagram', 0.0, 10)]),
  ] });
  assert.deepEqual(series.points('instagram', 'failureRate'), [{ t: Date.parse('2024-01-20T13:45:00Z'), y: 0.5 }]);
});

test('a later answer for the same data time replaces the snapshot instead of adding to it', () => {
  const series = new WindowSeries();
  const end = '2024-01-20T13:41:00Z';
  series.addStatus({ networks: [network(1, end, [verdict('youtube', 0.2, 10)])] });
  series.addStatus({ networks: [network(1, end, [verdict('youtube', 0.9, 10)])] });
  assert.deepEqual(series.points('youtube', 'failureRate').map(p => p.y), [0.9]);
  assert.equal(series.size(), 1);
});

test('silent networks and windows without measurements add no point', () => {
  const series = new WindowSeries();
  series.addStatus({ networks: [
    network(1, '2024-01-20T13:41:00Z', [verdict('facebook', 1.0, 10)], true),
    network(2, '2024-01-20T13:42:00Z', [verdict('facebook', 0.5, 0)]),
  ] });
  assert.deepEqual(series.points('facebook', 'failureRate'), []);
});

test('points are in time order, the oldest windows are dropped beyond the limit, control sorts last', () => {
  const series = new WindowSeries(2);
  for (const minute of [43, 41, 42]) {
    series.addStatus({ networks: [network(1, `2024-01-20T13:${minute}:00Z`, [verdict('control', 0, 5), verdict('twitter', minute / 100, 5)])] });
  }
  assert.deepEqual(series.points('twitter', 'failureRate').map(p => Math.round(p.y * 100)), [42, 43]);
  assert.deepEqual(series.platforms(), ['twitter', 'control']);
  assert.equal(series.spacing(), 60000);
});

test('snapshots of consecutive polls are joined, a failed poll leaves a gap', () => {
  const series = new WindowSeries();
  const at = minute => ({ networks: [network(1, `2024-01-20T13:${minute}:00Z`, [verdict('twitter', 0.1, 5)])] });
  series.addStatus(at(41));
  series.addStatus(at(42));
  series.markGap();
  series.addStatus(at(45));
  series.addStatus(at(45)); // same data time again: not a new step
  const t = minute => Date.parse(`2024-01-20T13:${minute}:00Z`);
  assert.deepEqual([41, 42, 45].map(m => series.isJoined(t(m))), [false, true, false]);
});

test('the history draws every window it serves, consecutive windows joined, a missing one a gap', () => {
  const series = new WindowSeries();
  const point = (minute, failureRate, silent = false) => ({
    windowStart: Date.parse(`2024-01-20T13:${minute - 1}:00Z`), windowEnd: Date.parse(`2024-01-20T13:${minute}:00Z`),
    silent, platforms: [verdict('twitter', failureRate, 10)],
  });
  const added = series.addHistory({ networks: [
    { asn: 1, points: [point(41, 0), point(42, 1), point(44, 1)] },
    { asn: 2, points: [point(41, 1), point(42, 1, true), point(44, 1)] },
  ] });
  const t = minute => Date.parse(`2024-01-20T13:${minute}:00Z`);
  assert.equal(added, 3);
  assert.deepEqual(series.points('twitter', 'failureRate'), [{ t: t(41), y: 0.5 }, { t: t(42), y: 1 }, { t: t(44), y: 1 }]);
  assert.deepEqual([41, 42, 44].map(m => series.isJoined(t(m))), [false, true, false]);
  // the first live poll after the history appends to it
  series.addStatus({ networks: [network(1, '2024-01-20T13:45:00Z', [verdict('twitter', 0, 10)])] });
  assert.equal(series.isJoined(t(45)), true);
  assert.equal(series.size(), 4);
});

test('cell states: silence wins, missing or insufficient data is "no data"', () => {
  const n = { silent: false };
  assert.equal(cellState(n, { state: 'DISRUPTED' }), 'disrupted');
  assert.equal(cellState(n, { state: 'THROTTLED' }), 'throttled');
  assert.equal(cellState(n, { state: 'DEGRADED' }), 'degraded');
  assert.equal(cellState(n, { state: 'OK' }), 'ok');
  assert.equal(cellState(n, { state: 'INSUFFICIENT_DATA' }), 'nodata');
  assert.equal(cellState(n, undefined), 'nodata');
  assert.equal(cellState({ silent: true }, { state: 'OK' }), 'silent');
});

test('grid columns: platforms by display name, control last', () => {
  const cols = gridPlatforms([{ platforms: [{ platform: 'control' }, { platform: 'youtube' }, { platform: 'twitter' }] },
    { platforms: [{ platform: 'facebook' }] }]);
  assert.deepEqual(cols, ['facebook', 'twitter', 'youtube', 'control']);
});

test('a country is red with an open incident, else green, amber or grey by probe coverage', () => {
  const row = (over) => ({ country: 'PK', networksWatched: 7, networksCovered: 7, probesAlive: 21, openIncidents: [], ...over });
  assert.equal(countryState(row({ openIncidents: ['PLATFORM_RESTRICTION'], networksCovered: 0 })), 'incident');
  assert.equal(countryState(row({})), 'covered');
  assert.equal(countryState(row({ networksCovered: 5 })), 'gap');
  assert.equal(countryState(row({ networksCovered: 0, probesAlive: 2 })), 'gap');
  assert.equal(countryState(row({ networksCovered: 0, probesAlive: 0 })), 'nodata');
  assert.equal(countryState(undefined), 'none');
});

test('the built world map has Natural Earth shapes keyed by ISO alpha-2 code', () => {
  const byCode = new Map(WORLD.countries.filter(c => c.cc).map(c => [c.cc, c]));
  assert.ok(WORLD.countries.length > 150);
  assert.equal(byCode.get('PK').name, 'Pakistan');
  assert.equal(byCode.get('IN').name, 'India');
  assert.match(byCode.get('PK').d, /^M[\d.,-]+/);
});

test('the committed world map is what build-map.mjs builds from the pinned npm packages', t => {
  const mapDir = new URL('../../../../stream-processor/src/map/', import.meta.url);
  if (!existsSync(new URL('node_modules/world-atlas/package.json', mapDir))) {
    const message = 'run npm ci --prefix stream-processor/src/map first';
    if (process.env.CI === 'true') assert.fail(`CI=true and the world map cannot be rebuilt: ${message}`);
    t.skip(message);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'vantage-map-'));
  try {
    execFileSync('node', ['build-map.mjs', join(dir, 'world-map.js')], { cwd: mapDir });
    assert.equal(readFileSync(join(dir, 'world-map.js'), 'utf8'), readFileSync(new URL('world-map.js', js), 'utf8'),
      'world-map.js differs from a fresh build: run npm ci && node build-map.mjs in stream-processor/src/map');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('formatting', () => {
  assert.equal(humanize('TLS_SNI_FILTERING'), 'TLS SNI filtering');
  assert.equal(humanize('PLATFORM_RESTRICTION'), 'Platform restriction');
  assert.equal(duration(79 * 60000), '1 h 19 min');
  assert.equal(duration(-1), '—');
  assert.equal(millis('2024-01-20T13:40:00Z'), Date.parse('2024-01-20T13:40:00Z'));
  assert.equal(millis(1705758000000), 1705758000000);
  assert.equal(percent(0.956), '96%');
  assert.equal(percent(undefined), '—');
});

test('a network\'s source mix names its own probes and OONI\'s test runs', () => {
  assert.equal(sourceMix([{ source: 'VANTAGE', probes: 5, measurements: 120 }]), '5 probes');
  assert.equal(sourceMix([{ source: 'OONI', reports: 1, measurements: 2 }]), 'OONI 1 run');
  assert.equal(sourceMix([{ source: 'VANTAGE', probes: 1, measurements: 9 }, { source: 'OONI', reports: 12, measurements: 14 }]),
    '1 probe · OONI 12 runs');
  assert.equal(sourceMix([]), '—');
});
