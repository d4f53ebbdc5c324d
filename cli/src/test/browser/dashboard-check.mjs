// Opens the live dashboard in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core)
// and checks what a reader must see: the open incident with its classification and platforms, and the
// networks x platforms grid with coloured disrupted cells. Writes a full-page screenshot either way.
// It also checks the grid's user shares, the incident's own classification in the history and the incident's
// timeline (a strip per network, the onset visible), with an element screenshot of it under --timeline-screenshot.
// With --history-screenshot it then opens the page a second time, now mid-incident, and checks that the chart
// draws the hours before the incident from the history API (the onset is visible, the incident's span marked).
// With --overview-screenshot it opens the "All countries" tab and checks that the map shows the country red (open
// incident) and lists it in the table.
// With --fleet-screenshot it then opens the Fleet tab, checks that the country's networks appear with alive
// probes (and that coverage gaps, if any, are highlighted), and writes a second screenshot.
// Used by DashboardBrowserTest; exit code 0 = all checks passed, 1 = a check failed, 2 = bad usage.
//
//   node dashboard-check.mjs --url http://127.0.0.1:8080/ --country PK --classification PLATFORM_RESTRICTION \
//     --platforms twitter,facebook,instagram,youtube --screenshot ../../../target/dashboard.png
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: opt } = parseArgs({
  options: {
    url: { type: 'string' },
    country: { type: 'string', default: 'PK' },
    classification: { type: 'string' },
    platforms: { type: 'string', default: '' },
    screenshot: { type: 'string' },
    'fleet-screenshot': { type: 'string' },
    'history-screenshot': { type: 'string' },
    'timeline-screenshot': { type: 'string' },
    'overview-screenshot': { type: 'string' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
    'timeout-ms': { type: 'string', default: '60000' },
    'settle-ms': { type: 'string', default: '500' },
  },
});
if (!opt.url || !opt.screenshot || !opt.classification) {
  console.error('usage: dashboard-check.mjs --url URL --classification C --screenshot FILE [--country CC] '
    + '[--platforms a,b] [--fleet-screenshot FILE] [--history-screenshot FILE] [--chromium PATH] [--timeout-ms N] [--settle-ms N]');
  process.exit(2);
}
const timeout = Number(opt['timeout-ms']);
const platforms = opt.platforms.split(',').filter(Boolean);
const failures = [];
const check = (ok, message) => { if (!ok) failures.push(message); };

const profile = mkdtempSync(join(tmpdir(), 'vantage-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: opt.chromium,
  headless: true,
  viewport: { width: 1440, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const pageErrors = [];
try {
  const page = context.pages()[0] ?? await context.newPage();
  // Script errors and missing files fail the check; API answers such as 503 while the detector's stores
  // start are expected, the page shows them and retries.
  page.on('pageerror', e => pageErrors.push(`page error: ${e.message}`));
  page.on('response', r => {
    if (r.status() >= 400 && !new URL(r.url()).pathname.startsWith('/api/')) pageErrors.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  const target = new URL(opt.url);
  target.searchParams.set('country', opt.country);
  await page.goto(target.toString(), { waitUntil: 'load', timeout });

  const incident = page.locator(`article.incident[data-classification="${opt.classification}"]`).first();
  try {
    await incident.waitFor({ timeout });
    const shown = (await incident.getAttribute('data-platforms')).split(' ');
    for (const p of platforms) check(shown.includes(p), `incident does not list platform ${p} (shows ${shown.join(', ')})`);
    const headline = await incident.locator('.headline').innerText();
    check(headline.trim().length > 0, 'incident has no headline');
    const facts = await incident.innerText();
    check(/confidence/i.test(facts) && /started/i.test(facts) && /duration/i.test(facts),
      'incident lacks confidence, start or duration');
    check(await incident.locator('.evidence tbody tr').count() > 0, 'incident lists no networks');
    check(await incident.locator('.techniques li').count() > 0, 'incident shows no technique evidence');
  } catch (e) {
    failures.push(`no open ${opt.classification} incident on the page within ${timeout} ms (${e.message.split('\n')[0]})`);
  }

  const grid = page.locator('#grid-table');
  try {
    await grid.locator('td.cell[data-state="disrupted"]').first().waitFor({ timeout });
    for (const p of platforms) {
      check(await grid.locator(`td.cell[data-state="disrupted"][data-platform="${p}"]`).count() > 0, `no disrupted ${p} cell in the grid`);
    }
    // the cells must really be coloured, and differently from healthy ones
    // read in one task from the table in the document now: the page replaces the grid at every refresh, and a
    // replaced (detached) table has no computed style
    const colours = await page.evaluate(() => {
      const table = document.getElementById('grid-table');
      const colour = state => {
        const cell = table.querySelector(`td.cell[data-state="${state}"]`);
        return cell ? getComputedStyle(cell).backgroundColor : null;
      };
      return { disrupted: colour('disrupted'), ok: colour('ok') };
    });
    check(colours.disrupted && !/rgba\(0, 0, 0, 0\)|transparent/.test(colours.disrupted), `disrupted cells are not coloured (${colours.disrupted})`);
    check(colours.disrupted !== colours.ok, `disrupted and ok cells have the same colour (${colours.disrupted})`);
    const rows = await grid.locator('tbody tr').count();
    check(rows > 0, 'grid has no network rows');
    const names = await grid.locator('tbody .net-name').allInnerTexts();
    check(names.every(n => n.trim().length > 0), 'a network row has no name');
    const shares = await grid.locator('tbody tr td.num').allInnerTexts();
    check(shares.length === rows && shares.every(t => /^\d+%$/.test(t.trim())),
      `the Users column does not give every network's share (${shares.join(', ')})`);
    const sources = await grid.locator('tbody tr td.sources').allInnerTexts();
    check(sources.length === rows && sources.every(t => /\d+ probes?/.test(t)),
      `the Sources column does not give every network's own probes (${sources.join(', ')})`);
  } catch (e) {
    failures.push(`no disrupted cell in the grid within ${timeout} ms (${e.message.split('\n')[0]})`);
  }

  try {
    // a line per platform, a single point while only one window has been seen
    await page.locator('#chart-failure path.line').first().waitFor({ state: 'attached', timeout: 10000 });
  } catch {
    failures.push('the failure-rate chart draws no platform');
  }
  check(await page.locator('#history tr[data-incident-id]').count() > 0, 'the incident history is empty');
  const kinds = await page.locator('#history tr[data-incident-id] td.kind').allInnerTexts();
  check(kinds.length > 0 && kinds.every(k => k.trim() === 'Platform restriction'),
    `the incident history does not give the incident's own classification (${kinds.join(', ')})`);

  // the incident's timeline: a strip per network, fine windows before the onset, disrupted ones after it
  const timeline = page.locator(`#timeline article.timeline[data-classification="${opt.classification}"]`);
  try {
    await timeline.locator('rect.tl-cell[data-state="disrupted"]').first().waitFor({ state: 'attached', timeout: 30000 });
    const strips = await timeline.locator('g.tl-row').count();
    check(strips >= 2, `the timeline has ${strips} network strips`);
    const onset = await timeline.evaluate(el => {
      const cells = [...el.querySelectorAll('g.tl-row')[0].querySelectorAll('rect.tl-cell')]
        .map(r => ({ t: Number(r.dataset.windowStart), state: r.dataset.state })).sort((a, b) => a.t - b.t);
      const firstDisrupted = cells.findIndex(c => c.state === 'disrupted');
      return { okBefore: cells.slice(0, Math.max(0, firstDisrupted)).filter(c => c.state === 'ok').length, firstDisrupted };
    });
    check(onset.okBefore > 0, `the timeline's first strip shows no fine window before the onset (${JSON.stringify(onset)})`);
    check(await timeline.locator('.techniques li').count() > 0, 'the timeline shows no technique evidence');
    check(await timeline.locator('.samples li').count() > 0, 'the timeline shows no sample measurement');
    if (opt['timeline-screenshot']) await page.locator('#timeline').screenshot({ path: opt['timeline-screenshot'] });
  } catch (e) {
    failures.push(`no ${opt.classification} timeline with disrupted cells (${e.message.split('\n')[0]})`);
  }

  await page.waitForTimeout(Number(opt['settle-ms'])); // let the charts gather a few more windows
  await page.screenshot({ path: opt.screenshot, fullPage: true });

  if (opt['history-screenshot']) {
    // opened mid-incident: the chart must show the onset at once, from the history, not only windows seen live
    const late = await context.newPage();
    late.on('pageerror', e => pageErrors.push(`page error (opened mid-incident): ${e.message}`));
    await late.goto(target.toString(), { waitUntil: 'load', timeout });
    try {
      await late.waitForFunction(() => /The last/.test(document.getElementById('chart-note')?.textContent ?? '')
        && document.querySelector('#chart-failure rect.band'), null, { timeout: 30000 });
      const chart = await late.locator('#chart-failure').evaluate(el => ({
        bandStart: Math.min(...[...el.querySelectorAll('rect.band')].map(r => Number(r.dataset.start))),
        times: [...el.querySelectorAll('circle')].map(c => Number(c.dataset.t)),
        note: document.getElementById('chart-note').textContent,
      }));
      const before = chart.times.filter(t => t < chart.bandStart).length;
      const during = chart.times.filter(t => t >= chart.bandStart).length;
      check(before >= 10, `opened mid-incident, the chart shows ${before} points before the incident's start (${chart.note})`);
      check(during >= 1, `opened mid-incident, the chart shows no point inside the incident (${chart.note})`);
    } catch (e) {
      failures.push(`opened mid-incident, the chart draws no history with the incident marked (${e.message.split('\n')[0]})`);
    }
    await late.screenshot({ path: opt['history-screenshot'], fullPage: true });
    await late.close();
  }

  if (opt['overview-screenshot']) {
    await page.locator('#tab-overview').click();
    try {
      await page.locator(`#world-map path.country[data-cc="${opt.country}"][data-state="incident"]`)
        .waitFor({ state: 'attached', timeout: 30000 });
      // in one task from the map in the document now (the tab redraws it every few seconds)
      const { fill, other } = await page.evaluate(cc => ({
        fill: getComputedStyle(document.querySelector(`#world-map path.country[data-cc="${cc}"]`)).fill,
        other: getComputedStyle(document.querySelector('#world-map path.country[data-state="none"]')).fill,
      }), opt.country);
      check(fill !== other, `${opt.country} is drawn like a country without data (${fill})`);
      check(await page.locator('#world-map path.country').count() > 150, 'the map has fewer than 150 countries');
      const row = page.locator(`#countries-table tr[data-cc="${opt.country}"]`);
      check(await row.getAttribute('data-state') === 'incident', `${opt.country}'s row is not marked with an open incident`);
      check(/Platform restriction|Throttling|Network outage/.test(await row.innerText()), `${opt.country}'s row does not name its incident`);
      check(new URL(page.url()).searchParams.get('view') === 'overview', 'the overview tab is not kept in the URL');
    } catch (e) {
      failures.push(`the overview map does not show ${opt.country} with an open incident (${e.message.split('\n')[0]})`);
    }
    await page.screenshot({ path: opt['overview-screenshot'], fullPage: true });
  }

  if (opt['fleet-screenshot']) {
    await page.locator('#tab-fleet').click();
    check(await page.locator('#view-live').isHidden(), 'the incidents view stays visible on the fleet tab');
    try {
      // the simulator publishes heartbeats: a network row with alive probes must appear
      await page.waitForFunction(() => [...document.querySelectorAll('#fleet-table tbody tr')]
        .some(tr => Number(tr.dataset.alive) > 0), null, { timeout: 30000 });
      const rows = await page.locator('#fleet-table tbody tr').evaluateAll(trs => trs.map(tr => ({
        name: tr.querySelector('.net-name')?.textContent ?? '',
        alive: Number(tr.dataset.alive), gap: tr.dataset.gap === 'true',
        background: getComputedStyle(tr.querySelector('td')).backgroundColor,
      })));
      check(rows.every(r => r.name.trim().length > 0), 'a fleet row has no network name');
      check(rows.filter(r => r.alive > 0).length > 1, `fewer than two ${opt.country} networks with alive probes`);
      const ok = rows.find(r => !r.gap);
      for (const gap of rows.filter(r => r.gap)) {
        check(!ok || gap.background !== ok.background, `coverage gap ${gap.name} is not highlighted`);
      }
      check((await page.locator('#fleet-summary').innerText()).includes('probes alive'), 'the fleet summary is missing');
      check((await page.locator('#fleet-config').innerText()).trim().length > 0, 'the fleet configuration section is empty');
      check(new URL(page.url()).searchParams.get('view') === 'fleet', 'the fleet tab is not kept in the URL');
    } catch (e) {
      failures.push(`no ${opt.country} network with alive probes on the fleet tab (${e.message.split('\n')[0]})`);
    }
    await page.screenshot({ path: opt['fleet-screenshot'], fullPage: true });
  }
  failures.push(...pageErrors);
  console.log(JSON.stringify({ url: target.toString(), screenshot: opt.screenshot, failures }));
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failures.length ? 1 : 0);
