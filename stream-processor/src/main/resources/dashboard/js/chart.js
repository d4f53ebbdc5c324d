// Failure rate and latency over time per platform, drawn as SVG: the last hours from the history API when
// the page opens, then every status poll appends the windows judged since.
import { s, h, clock, millis, platformName } from './dom.js';

const PLATFORM_COLOURS = {
  twitter: '#2563a8', facebook: '#6d4bb5', instagram: '#c0407f', youtube: '#c2561a', control: '#7a8594',
};
const FALLBACK_COLOURS = ['#1f8a70', '#8a6d1f', '#3f6fb0', '#a23b3b'];

export function platformColour(platform, index = 0) {
  return PLATFORM_COLOURS[platform] || FALLBACK_COLOURS[index % FALLBACK_COLOURS.length];
}

/**
 * National snapshots seen so far: data time -> "asn|platform" -> verdict numbers. Each status answer is
 * one snapshot: every network's latest verdict, placed at the newest window end. (During a fast replay the
 * networks' partitions are at different windows; taking them all keeps every point a whole-country figure.)
 */
export class WindowSeries {
  constructor(maxWindows = 800) {
    this.maxWindows = maxWindows;
    this.windows = new Map();
    this.joined = new Set(); // data times of snapshots taken by the poll right after the previous one
    this.last = undefined;
  }

  /** A poll failed: the next snapshot is not joined to the previous one (the page did not watch in between). */
  markGap() {
    this.last = undefined;
  }

  /** True when the snapshot at t followed the previous one without a failed poll in between. */
  isJoined(t) {
    return this.joined.has(t);
  }

  /** Adds a /api/countries/{cc}/status answer; a later answer for the same data time replaces it. */
  addStatus(status) {
    const live = (status.networks || []).filter(n => !n.silent && Number.isFinite(millis(n.windowEnd)));
    if (!live.length) return;
    const snapshot = new Map();
    for (const network of live) {
      const size = millis(network.windowEnd) - millis(network.windowStart);
      if (size > 0) this.windowSize = size;
      for (const v of network.platforms || []) {
        snapshot.set(`${network.asn}|${v.platform}`, {
          platform: v.platform,
          failureRate: v.failureRate,
          latencyMs: v.latencyMedianMs,
          measurements: v.measurements || 0,
        });
      }
    }
    const t = Math.max(...live.map(n => millis(n.windowEnd)));
    if (this.last !== undefined && t > this.last) this.joined.add(t);
    if (this.last === undefined || t > this.last) this.last = t;
    this.windows.set(t, snapshot);
    this.trim();
  }

  /**
   * Adds a /api/countries/{cc}/history answer: one snapshot per window end, of the networks judged in that
   * window. Consecutive windows are joined; a missing window leaves a gap.
   */
  addHistory(history) {
    const byEnd = new Map();
    for (const network of history.networks || []) {
      for (const point of network.points || []) {
        const end = millis(point.windowEnd);
        const size = end - millis(point.windowStart);
        if (point.silent || !Number.isFinite(end)) continue;
        if (size > 0) this.windowSize = size;
        if (!byEnd.has(end)) byEnd.set(end, new Map());
        for (const v of point.platforms || []) {
          byEnd.get(end).set(`${network.asn}|${v.platform}`, {
            platform: v.platform,
            failureRate: v.failureRate,
            latencyMs: v.latencyMedianMs,
            measurements: v.measurements || 0,
          });
        }
      }
    }
    const ends = [...byEnd.keys()].sort((a, b) => a - b);
    ends.forEach((t, i) => {
      if (!this.windows.has(t)) this.windows.set(t, byEnd.get(t));
      if (i > 0 && t - ends[i - 1] <= this.spacing()) this.joined.add(t);
    });
    if (ends.length && (this.last === undefined || ends[ends.length - 1] > this.last)) this.last = ends[ends.length - 1];
    this.trim();
    return ends.length;
  }

  trim() {
    while (this.windows.size > this.maxWindows) {
      const oldest = Math.min(...this.windows.keys());
      this.windows.delete(oldest);
      this.joined.delete(oldest);
    }
  }

  platforms() {
    const all = new Set();
    for (const window of this.windows.values()) for (const v of window.values()) all.add(v.platform);
    return [...all].sort((a, b) => (a === 'control') - (b === 'control') || a.localeCompare(b));
  }

  /** Per snapshot, the measurement-weighted mean over networks of the platform's metric. */
  points(platform, metric) {
    const out = [];
    for (const [t, window] of this.windows) {
      let sum = 0;
      let weight = 0;
      for (const v of window.values()) {
        if (v.platform === platform && Number.isFinite(v[metric]) && v.measurements > 0) {
          sum += v[metric] * v.measurements;
          weight += v.measurements;
        }
      }
      if (weight > 0) out.push({ t, y: sum / weight });
    }
    return out.sort((a, b) => a.t - b.t);
  }

  size() {
    return this.windows.size;
  }

  /** The detector's window size (end - start of the windows seen), one minute until a window was seen. */
  spacing() {
    return this.windowSize || 60000;
  }
}

const MAX_JOIN_WINDOWS = 15;
const W = 640;
const H = 210;
const M = { top: 14, right: 14, bottom: 26, left: 46 };

/**
 * An SVG line chart of one metric per platform, with the incidents as shaded bands.
 * incidents: [{start, end (null while open), open}] in epoch millis.
 */
export function lineChart(series, metric, { yMax, yFormat, label, incidents }) {
  const platforms = series.platforms();
  const lines = platforms.map(p => ({ platform: p, points: series.points(p, metric) })).filter(l => l.points.length);
  const all = lines.flatMap(l => l.points);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': label });
  if (!all.length) {
    svg.append(s('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'chart-empty' },
      'Waiting for the first windows…'));
    return svg;
  }
  let t0 = Math.min(...all.map(p => p.t));
  let t1 = Math.max(...all.map(p => p.t));
  if (t1 - t0 < 30 * 60000) {
    t0 -= 15 * 60000;
    t1 += 15 * 60000;
  }
  const top = yMax ?? Math.max(1, ...all.map(p => p.y)) * 1.15;
  const x = t => M.left + ((t - t0) / (t1 - t0)) * (W - M.left - M.right);
  const y = v => H - M.bottom - (Math.min(v, top) / top) * (H - M.top - M.bottom);

  for (const incident of incidents) {
    const a = Math.max(incident.start, t0);
    const b = Math.min(Number.isFinite(incident.end) ? incident.end : t1, t1);
    if (b <= a) continue;
    svg.append(s('rect', { x: x(a), y: M.top, width: x(b) - x(a), height: H - M.top - M.bottom,
      class: incident.open ? 'band band-open' : 'band', 'data-start': incident.start }));
    const nearRight = x(a) > W - M.right - 90; // keep the label inside the chart
    svg.append(s('text', { x: nearRight ? x(b) : x(a) + 2, y: M.top - 4, 'text-anchor': nearRight ? 'end' : 'start',
      class: 'band-label' }, incident.open ? 'open incident' : 'incident'));
  }
  for (let i = 0; i <= 4; i++) {
    const v = (top * i) / 4;
    svg.append(s('line', { x1: M.left, x2: W - M.right, y1: y(v), y2: y(v), class: 'gridline' }));
    svg.append(s('text', { x: M.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'tick' }, yFormat(v)));
  }
  const step = niceStep(t1 - t0);
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
    svg.append(s('line', { x1: x(t), x2: x(t), y1: H - M.bottom, y2: H - M.bottom + 4, class: 'axis' }));
    svg.append(s('text', { x: x(t), y: H - 8, 'text-anchor': 'middle', class: 'tick' }, clock(t)));
  }
  svg.append(s('line', { x1: M.left, x2: W - M.right, y1: H - M.bottom, y2: H - M.bottom, class: 'axis' }));
  // Snapshots of consecutive polls are joined by a line; after a failed poll, or across more than
  // MAX_JOIN_WINDOWS windows (a replay running ahead of the polls), a gap is left rather than a line that
  // would invent a trend. Every snapshot is also drawn as a dot.
  const gap = MAX_JOIN_WINDOWS * series.spacing();
  lines.forEach((line, i) => {
    const colour = platformColour(line.platform, i);
    const d = line.points.map((p, j) => {
      const jump = j === 0 || !series.isJoined(p.t) || p.t - line.points[j - 1].t > gap;
      return `${jump ? 'M' : 'L'}${x(p.t).toFixed(1)},${y(p.y).toFixed(1)}`;
    }).join('');
    svg.append(s('path', { d, fill: 'none', stroke: colour, class: line.platform === 'control' ? 'line line-control' : 'line',
      'data-platform': line.platform }));
    // a dot per window seen: in a fast replay the page sees one window in several
    for (const p of line.points) svg.append(s('circle', { cx: x(p.t), cy: y(p.y), r: 1.8, fill: colour, 'data-t': p.t }));
  });
  return svg;
}

export function legend(series) {
  return h('ul', { class: 'legend' }, series.platforms().map((p, i) =>
    h('li', {}, h('span', { class: 'swatch', style: `background:${platformColour(p, i)}` }), platformName(p))));
}

function niceStep(span) {
  const minute = 60000;
  for (const m of [5, 10, 15, 30, 60, 120, 180, 360, 720, 1440]) {
    if (span / (m * minute) <= 8) return m * minute;
  }
  return 2880 * minute;
}
