// explore.mjs — make bench: how soon the Explore screen (/) is usable, timed
// in Debian's Chromium (headless, software WebGL) against a running server.
//
//	node deploy/bench/explore.mjs [-runs N] [-warm 0] [-target MS] [-timeout MS] BASE_URL
//
// Each run opens BASE_URL/ in a fresh browser context (an empty HTTP cache)
// at a desktop size (1280×800) and a phone size (390×844), then, with -warm
// 1 (the default), once more in a new page of the same context (the HTTP
// cache warm, the assets are immutable). Each load records first contentful
// paint; "listed", the page's mark vidbudova:explore-listed (the panel lists
// the oblasts with their figures and takes choices, the map may still be
// starting); "ready", the mark vidbudova:explore-ready (the map has drawn the
// oblasts and gone idle); the time from a click
// on Kharkiv oblast until the map has flown there and drawn its hromadas and
// gone idle again; the JS and CSS bytes over the wire (gzipped, headers
// included) and the requests that reached the server (not cache hits), both
// up to "ready", from the page's resource timing.
//
// It prints a markdown table, median / worst of the runs in each cell, with
// the target ready<MS (2000) judged on the median; a run that failed, or a
// page that logged an error, makes it **no**; -timeout (30000 ms) bounds
// each wait. Progress goes to stderr; when the very first load fails it
// stops there and exits 1.
//
// The browser is Debian's Chromium headless shell (chromium-headless-shell,
// the headless browser Playwright itself runs by default); CHROMIUM_PATH
// names another, e.g. /usr/bin/chromium, the full browser the browser tests
// drive. Why not that one here: in the full browser each fresh context is a
// new window, and each new window loads the browser's own address-bar UI, a
// web page of its own in a renderer of its own (measured: 1.3-1.7 s of
// CPU per load), on the same two cores and during the very load being timed.
// A person's browser did that when the window was opened, not when they
// came to the page. Same engine, same software WebGL otherwise; give
// CHROMIUM_PATH=/usr/bin/chromium to see the difference.
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';

// playwright-core is a dev dependency of the front-end: take it from there.
const require = createRequire(new URL('../../frontend/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium-headless-shell';
const KHARKIV = 'UA63000000000041885';
const READY_MARK = 'vidbudova:explore-ready';
const LISTED_MARK = 'vidbudova:explore-listed';
const SIZES = [
  { name: '1280×800', viewport: { width: 1280, height: 800 } },
  // A common phone: 390×844 CSS pixels at 3 device pixels each, touch.
  { name: '390×844 phone', viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true },
];

const { values: opt, positionals } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    warm: { type: 'string', default: '1' },
    target: { type: 'string', default: '2000' },
    timeout: { type: 'string', default: '30000' },
  },
  allowPositionals: true,
  // benchload's style: -runs 5 as well as --runs 5.
  args: process.argv.slice(2).map((a) => (/^-[a-z]{2,}/.test(a) ? '-' + a : a)),
});
const runs = Number(opt.runs);
const target = Number(opt.target);
const timeout = Number(opt.timeout);
const warm = opt.warm !== '0';
const base = (positionals[0] ?? '').replace(/\/$/, '');
if (positionals.length !== 1 || !/^https?:\/\/(127\.[0-9.]+|localhost|\[::1\])(:\d+)?$/.test(base))
  usage('give the server as one loopback base URL, e.g. http://127.0.0.1:18080');
if (!Number.isInteger(runs) || runs < 1) usage(`-runs ${opt.runs}: want a positive whole number`);
if (!(target > 0)) usage(`-target ${opt.target}: want milliseconds`);
if (!(timeout > 0)) usage(`-timeout ${opt.timeout}: want milliseconds`);
if (!['0', '1'].includes(opt.warm)) usage(`-warm ${opt.warm}: want 0 or 1`);

function usage(msg) {
  console.error(`explore.mjs: ${msg}\nusage: node deploy/bench/explore.mjs [-runs N] [-warm 0|1] [-target MS] [-timeout MS] BASE_URL`);
  process.exit(2);
}
const say = (msg) => console.error(`explore.mjs: ${msg}`);

/** Where a person would click Kharkiv oblast: its label point, or the first point of its box that is Kharkiv on the map. */
async function kharkivPlace() {
  const res = await fetch(`${base}/api/v1/oblasts?zoom=5`);
  if (!res.ok) throw new Error(`GET /api/v1/oblasts: ${res.status}`);
  const f = (await res.json()).features.find((x) => x.properties.code === KHARKIV);
  if (!f) throw new Error(`oblast ${KHARKIV} is not in /api/v1/oblasts`);
  const [w, s, e, n] = f.bbox;
  const points = [f.properties.label_point];
  for (let i = 1; i < 10; i++) for (let j = 1; j < 10; j++) points.push([w + ((e - w) * i) / 10, s + ((n - s) * j) / 10]);
  return points;
}

/**
 * load opens / in page and measures it up to "ready" and through one click
 * on Kharkiv oblast. Console errors and uncaught exceptions land in errors.
 */
async function load(page, points, errors) {
  await page.goto(base + '/', { waitUntil: 'commit', timeout });
  await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, READY_MARK, { timeout, polling: 50 }).catch((err) => {
    throw new Error(`no ${READY_MARK} mark within ${timeout} ms (a build without it? run make build): ${err.message.split('\n')[0]}`);
  });
  const m = await page.evaluate(([mark, listedMark]) => {
    const ready = performance.getEntriesByName(mark)[0].startTime;
    const listed = performance.getEntriesByName(listedMark)[0]?.startTime ?? NaN;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
    const loaded = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].filter(
      (e) => e.startTime <= ready,
    );
    const jsCss = loaded.filter((e) => /\.(m?js|css)$/.test(new URL(e.name).pathname));
    const v = window.__vidbudova;
    const drawn = new Set(v.map.queryRenderedFeatures({ layers: ['oblast-fill'] }).map((f) => f.properties.code)).size;
    return {
      ready,
      listed,
      fcp,
      // Cache hits (transferSize 0) never reached the server.
      requests: loaded.filter((e) => e.transferSize > 0).length,
      bytes: jsCss.reduce((n, e) => n + e.transferSize, 0),
      oblasts: v.state().oblasts,
      drawn,
    };
  }, [READY_MARK, LISTED_MARK]);
  if (!(m.oblasts > 0 && m.drawn > 0)) throw new Error(`ready, but ${m.oblasts} oblasts loaded and ${m.drawn} drawn`);

  // A point of Kharkiv oblast the map shows and nothing covers.
  const pt = await page.evaluate(
    ([code, points]) => {
      const map = window.__vidbudova.map;
      const box = map.getCanvas().getBoundingClientRect();
      for (const c of points) {
        const p = map.project(c);
        const hit = map.queryRenderedFeatures([p.x, p.y], { layers: ['oblast-fill'] })[0];
        const x = box.left + p.x;
        const y = box.top + p.y;
        if (hit?.properties.code === code && document.elementFromPoint(x, y) === map.getCanvas()) return { x, y };
      }
      return null;
    },
    [KHARKIV, points],
  );
  if (!pt) throw new Error('no point of Kharkiv oblast is on screen to click');
  // Timed in the page: from the click event to the first idle map showing the oblast's hromadas.
  await page.evaluate(
    ([code, timeout]) => {
      const v = window.__vidbudova;
      const map = v.map;
      window.__benchClick = new Promise((resolve) => {
        setTimeout(() => resolve(null), timeout);
        let clicked = null;
        map.getCanvasContainer().addEventListener('click', (e) => (clicked ??= e.timeStamp), { capture: true });
        const check = () => {
          const s = v.state();
          if (clicked === null || s.oblast !== code || s.hromadas === null || map.isMoving() || !map.loaded()) return;
          map.off('idle', check);
          resolve({ ms: performance.now() - clicked, hromadas: s.hromadas });
        };
        map.on('idle', check);
      });
    },
    [KHARKIV, timeout],
  );
  await page.mouse.click(pt.x, pt.y);
  const click = await page.evaluate(() => window.__benchClick);
  if (!click) throw new Error(`the click on Kharkiv oblast was not answered in ${timeout} ms`);
  if (!(click.hromadas > 0)) throw new Error('after the click on Kharkiv oblast no hromadas are shown');
  // Let what the move fetches after a debounce finish: a page closed with tiles
  // in flight leaves cancelled requests in the server's log, counted as errors.
  await page.waitForTimeout(1000);
  await page.waitForFunction(() => window.__vidbudova.map.loaded(), null, { timeout, polling: 100 }).catch(() => undefined);
  if (errors.length) throw new Error(errors.join('; '));
  return { fcp: m.fcp, listed: m.listed, ready: m.ready, click: click.ms, bytes: m.bytes, requests: m.requests };
}

/** watch records a page's console errors and exceptions; a visitor's 401 from /auth/me is expected. */
function watch(page) {
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    if (msg.text().includes('status of 401') && (msg.location().url ?? '').endsWith('/api/v1/auth/me')) return;
    errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  return errors;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const cell = (xs, digits = 0) => (xs.length ? `${median(xs).toFixed(digits)} / ${Math.max(...xs).toFixed(digits)}` : '—');

function row(name, results, failures) {
  const pick = (k) => results.map((r) => r[k]).filter(Number.isFinite);
  const ready = pick('ready');
  const problems = [];
  if (!ready.length || median(ready) >= target) problems.push(ready.length ? `median ${median(ready).toFixed(0)} ms` : 'no run');
  if (failures.length) problems.push(`${failures.length} failed`);
  const met = problems.length ? `**no** (${problems.join(', ')})` : 'yes';
  const kb = pick('bytes').map((b) => b / 1024);
  const cells = [name, results.length, cell(pick('fcp')), cell(pick('listed')), cell(ready), cell(pick('click')), cell(kb, 1), cell(pick('requests'))];
  return `| ${[...cells, failures.length, `ready<${target}ms`, met].join(' | ')} |`;
}

/** measure runs every load and returns the table's rows. */
async function measure(browser) {
  const points = await kharkivPlace();
  const rows = [];
  for (const { name, ...options } of SIZES) {
    const sets = { cold: { results: [], failures: [] }, warm: { results: [], failures: [] } };
    for (let i = 1; i <= runs; i++) {
      const context = await browser.newContext(options);
      try {
        for (const cache of warm ? ['cold', 'warm'] : ['cold']) {
          const page = await context.newPage();
          const errors = watch(page);
          try {
            const r = await load(page, points, errors);
            sets[cache].results.push(r);
            say(
              `${name}, ${cache} cache, run ${i}: first paint ${r.fcp.toFixed(0)} ms, listed ${r.listed.toFixed(0)} ms, ready ${r.ready.toFixed(0)} ms, ` +
                `click → hromadas ${r.click.toFixed(0)} ms, JS+CSS ${(r.bytes / 1024).toFixed(1)} KB, ${r.requests} requests`,
            );
          } catch (err) {
            // The very first load failing means the rest would too (a build without the mark?): stop.
            if (!rows.length && i === 1 && cache === 'cold') throw err;
            sets[cache].failures.push(err.message);
            say(`${name}, ${cache} cache, run ${i} failed: ${err.message.split('\n')[0]}`);
          } finally {
            await page.close();
          }
        }
      } finally {
        await context.close();
      }
    }
    for (const [cache, set] of Object.entries(sets)) {
      if (set.results.length || set.failures.length) rows.push(row(`Explore / at ${name}, ${cache} cache`, set.results, set.failures));
    }
  }
  return rows;
}

try {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const rows = await measure(browser);
    const scenario = `browser: Explore screen (${path.basename(CHROMIUM)} ${browser.version()}, ${runs} runs, median / worst)`;
    const header = [scenario, 'runs', 'first paint ms', 'listed ms', 'ready ms', 'click → hromadas ms', 'JS+CSS KB', 'requests', 'failed', 'target', 'met'];
    console.log(`| ${header.join(' | ')} |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|---|---|\n${rows.join('\n')}`);
  } finally {
    await browser.close();
  }
} catch (err) {
  say(err.message.split('\n')[0]);
  process.exitCode = 1;
}
