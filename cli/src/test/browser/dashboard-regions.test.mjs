// Unit tests of the region breakdown of an open incident (no browser): node --test dashboard-regions.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';

const js = new URL('../../../../stream-processor/src/main/resources/dashboard/js/', import.meta.url);
const { regionRows } = await import(new URL('regions.js', js));

const evidence = {
  networks: [{ asn: 45669, name: 'Jazz (Pakistan Mobile Communications Ltd)' }, { asn: 59257, name: 'Zong (China Mobile Pakistan / CMPak)' }],
  affectedRegions: [
    { region: 'Balochistan', asns: [45669, 59257], populationShare: 0.062, probes: 3, failingProbes: 3, silent: false },
    { region: 'Gilgit-Baltistan', asns: [45669, 64999], populationShare: null, probes: 4, failingProbes: 4, silent: true },
  ],
};

test('each affected region lists its networks by short name, its population share and its probes', () => {
  assert.deepEqual(regionRows(evidence)[0],
    { region: 'Balochistan', networks: ['Jazz', 'Zong'], populationShare: 0.062, probes: '3 of 3 failing' });
});

test('a region without a census figure shows none, and an unknown network its AS number', () => {
  const row = regionRows(evidence)[1];
  assert.equal(row.populationShare, null);
  assert.deepEqual(row.networks, ['Jazz', 'AS64999']);
  assert.equal(row.probes, '4 of 4 silent');
});

test('an incident that is not regional has no breakdown', () => {
  assert.deepEqual(regionRows({ networks: evidence.networks }), []);
  assert.deepEqual(regionRows(undefined), []);
});
