// Browser tests of the map against a running Vidbudova server (never a stub).
// VIDBUDOVA_URL names the server, e.g. http://127.0.0.1:18081; the Makefile
// starts one with the real boundaries and demo data and sets it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, skip, uk, en, launch, api, wcag } from './support.mjs';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const OUT = path.join(import.meta.dirname, 'out');
const KHARKIV = 'UA63000000000041885';
const KHARKIV_HROMADAS = 56;
const XSS_NAME = '<img src=x onerror="window.__xss=1"> school';

// Without a server the tests cannot run; in CI that is a failure, not a skip.

let browser;

before(async () => {
  if (!skip) browser = await launch(OUT);
});

after(async () => {
  await browser?.close();
});

/**
 * publicVisitor401 tells the one console error every page expects: the
 * browser reports the 401 with which /auth/me answers a visitor who is not
 * signed in (the page itself takes it quietly).
 */
function publicVisitor401(msg) {
  return msg.text().includes('status of 401') && (msg.location().url ?? '').endsWith('/api/v1/auth/me');
}

/**
 * newPage makes a page that records every console error and uncaught
 * exception, and the paths of the tiles asked for (by the page or its map's
 * worker).
 */
async function newPage(viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const tiles = [];
  context.on('request', (req) => {
    const { pathname } = new URL(req.url());
    if (pathname.startsWith('/tiles/')) tiles.push(pathname);
  });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !publicVisitor401(msg)) errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  return { page, errors, tiles, close: () => context.close() };
}

/** openPage opens a page at url (see newPage) and waits for its map. */
async function openPage(url, viewport) {
  const opened = await newPage(viewport);
  await opened.page.goto(BASE + url);
  await waitIdle(opened.page);
  return opened;
}

/**
 * waitIdle waits for the oblasts, then for the map to stop moving and finish
 * loading, and for the state `want` names (oblast, hromada, hromadas loaded, sites
 * drawn). Predicates are functions, not strings: the server's CSP forbids eval.
 */
async function waitIdle(page, want = {}) {
  const settled = (w) => {
    const v = window.__vidbudova;
    if (!v) return false;
    const s = v.state();
    if (!s.ready || !v.map.loaded() || v.map.isMoving()) return false;
    if ('oblast' in w && s.oblast !== w.oblast) return false;
    if (w.hromadas && s.hromadas === null) return false;
    if ('hromada' in w && s.hromada !== w.hromada) return false;
    if (w.sites && !(s.sites > 0)) return false;
    return true;
  };
  await page.waitForFunction(settled, want, { timeout: 30_000 });
  // Sites are fetched after a debounce and drawn a frame later.
  await page.waitForTimeout(600);
  await page.waitForFunction(settled, want, { timeout: 30_000 });
}

function state(page) {
  return page.evaluate(() => window.__vidbudova.state());
}

test('the map opens on Ukraine with 27 oblasts and the panel total matches the API', { skip }, async () => {
  const { page, errors, tiles, close } = await openPage('/');
  try {
    // All of Ukraine is drawn from oblast tiles alone: the hromadas' (450 KB
    // at this zoom) wait until an oblast is chosen.
    assert.ok(tiles.some((p) => p.startsWith('/tiles/oblasts/')), `oblast tiles asked for: ${tiles}`);
    assert.deepEqual(tiles.filter((p) => !p.startsWith('/tiles/oblasts/')), [], 'no other tiles asked for');
    assert.equal(await page.locator('canvas.maplibregl-canvas').count(), 1, 'map canvas');
    const s = await state(page);
    assert.equal(s.oblasts, 27);
    assert.equal(s.lang, 'uk');
    const rendered = await page.evaluate(() => {
      const fs = window.__vidbudova.map.queryRenderedFeatures({ layers: ['oblast-fill'] });
      return new Set(fs.map((f) => f.properties.code)).size;
    });
    assert.equal(rendered, 27, 'all 27 oblasts are drawn');

    const { body } = await api('/api/v1/oblasts?zoom=5');
    const sum = body.features.reduce((n, f) => n + f.properties.sites, 0);
    assert.equal(await page.locator('#place-total').getAttribute('data-value'), String(sum));
    assert.equal((await page.locator('#place-name').textContent()).trim(), 'Україна');
    const catSum = await page.$$eval('#table-category tbody td', (tds) =>
      tds.reduce((n, td) => n + Number(td.textContent.replace(/\D/g, '')), 0),
    );
    assert.equal(catSum, sum, 'the category table adds up to the total');
    assert.equal(await page.locator('#app-title').textContent(), 'Відбудова');
    assert.match(await page.locator('.vb-sources').textContent(), /Sławomir Matuszak.*CC BY 4\.0/);
    assert.ok(await page.locator('.vb-legend li').count() >= 2, 'legend has classes');
    await page.screenshot({ path: path.join(OUT, 'desktop-ukraine.png') });
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('until the oblast tiles are in, the map draws small and hidden; then it is shown whole, sharp', { skip }, async () => {
  const { page, errors, close } = await newPage();
  // Every frame the map draws: the canvas's size in device pixels and its box's, and whether it is shown.
  await page.addInitScript(() => {
    window.__frames = [];
    const watch = setInterval(() => {
      const map = window.__vidbudova?.map;
      if (!map) return;
      clearInterval(watch);
      map.on('render', () => {
        const c = map.getCanvas();
        // Asked only once the layer is there: asked before, MapLibre reports an error, which itself shows the map.
        const drawn = Boolean(map.getLayer('oblast-fill')) && map.queryRenderedFeatures({ layers: ['oblast-fill'] }).length > 0;
        window.__frames.push({ width: c.width, box: c.clientWidth * devicePixelRatio, hidden: getComputedStyle(c).visibility === 'hidden', drawn });
      });
    }, 1);
  });
  try {
    await page.goto(BASE + '/');
    await waitIdle(page);
    const frames = await page.evaluate(() => window.__frames);
    const small = frames.filter((f) => f.width < f.box / 2);
    assert.ok(small.length > 0, `some frames are drawn small: ${JSON.stringify(frames)}`);
    assert.ok(small.every((f) => f.hidden), 'a small frame is never shown');
    const last = frames.at(-1);
    assert.equal(last.width, last.box, 'the map ends at the screen\u2019s own pixel ratio');
    assert.equal(last.hidden, false, 'and shown');
    const shown = frames.filter((f) => !f.hidden);
    assert.ok(shown.length > 0 && shown.every((f) => f.width === f.box && f.drawn), 'every frame shown is sharp and has the oblasts');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('clicking Kharkiv oblast loads its hromadas, puts it in the URL, and a reload restores it', { skip }, async () => {
  const { page, errors, close } = await openPage('/');
  try {
    // Click Kharkiv oblast at its label point, like a person would (or, should
    // another shape lie on top there, at the first point of its box that is Kharkiv).
    const kharkiv = (await api('/api/v1/oblasts?zoom=5')).body.features.find((f) => f.properties.code === KHARKIV);
    const pt = await page.evaluate(
      ([code, label, b]) => {
        const map = window.__vidbudova.map;
        const isKharkiv = (p) => map.queryRenderedFeatures([p.x, p.y], { layers: ['oblast-fill'] })[0]?.properties.code === code;
        const candidates = [label];
        for (let i = 1; i < 10; i++)
          for (let j = 1; j < 10; j++) candidates.push([b[0] + ((b[2] - b[0]) * i) / 10, b[1] + ((b[3] - b[1]) * j) / 10]);
        for (const c of candidates) {
          const p = map.project(c);
          if (isKharkiv(p)) return { x: p.x, y: p.y };
        }
        return null;
      },
      [KHARKIV, kharkiv.properties.label_point, kharkiv.bbox],
    );
    assert.ok(pt, 'a point of Kharkiv oblast is on screen');
    const box = await page.locator('#map').boundingBox();
    await page.mouse.click(box.x + pt.x, box.y + pt.y);
    await waitIdle(page, { oblast: KHARKIV, hromadas: true });
    let s = await state(page);
    assert.equal(s.oblast, KHARKIV);
    assert.equal(s.hromadas, KHARKIV_HROMADAS);
    const drawn = await page.evaluate(
      () => new Set(window.__vidbudova.map.queryRenderedFeatures({ layers: ['hromada-fill'] }).map((f) => f.properties.code)).size,
    );
    assert.equal(drawn, KHARKIV_HROMADAS);
    assert.equal((await page.locator('#place-name').textContent()).trim(), 'Харківська область');
    assert.ok(await page.locator('.vb-back').isVisible(), 'back to Ukraine is offered');
    const url = page.url();
    assert.ok(url.includes(KHARKIV), `URL ${url} names the oblast`);

    // The table beside the map lists the 56 hromadas; its buttons do what a click on the map does.
    assert.equal(await page.locator('#table-areas tbody tr').count(), KHARKIV_HROMADAS);
    const row = page.locator('#table-areas tbody tr').first();
    const hromada = await row.getAttribute('data-code');
    const hromadaName = (await row.locator('button').textContent()).trim();
    await page.locator('#areas summary').click();
    await row.locator('button').click();
    await waitIdle(page, { oblast: KHARKIV, hromada });
    assert.equal((await page.locator('#place-name').textContent()).trim(), hromadaName);
    assert.ok(page.url().includes(`hromada=${hromada}`), 'the hromada is in the URL');

    await page.reload();
    await waitIdle(page, { hromadas: true, hromada });
    s = await state(page);
    assert.equal(s.oblast, KHARKIV);
    assert.equal(s.hromadas, KHARKIV_HROMADAS);
    assert.equal((await page.locator('#place-name').textContent()).trim(), hromadaName);
    await page.screenshot({ path: path.join(OUT, 'desktop-kharkiv.png') });

    await page.locator('.vb-back__button').click();
    await waitIdle(page, { oblast: null });
    assert.equal((await page.locator('#place-name').textContent()).trim(), 'Україна');
    assert.ok(!page.url().includes(KHARKIV), 'back to Ukraine drops the oblast from the URL');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('before the map has started the panel lists the oblasts and takes choices, and the map then shows them', { skip }, async () => {
  const { page, errors, close } = await newPage();
  // MapLibre is held back, as a slow connection or a slow renderer would hold it.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route(/\/assets\/maplibre-gl-[^/]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  try {
    const kharkiv = (await api('/api/v1/oblasts?zoom=5')).body.features.find((f) => f.properties.code === KHARKIV);
    await page.goto(BASE + '/?lang=uk');
    await page.locator(`#oblast-select option[value="${KHARKIV}"]`).waitFor({ state: 'attached', timeout: 10_000 });
    assert.equal(await page.locator('canvas.maplibregl-canvas').count(), 0, 'no map yet');

    // An oblast, a filter and a measure, chosen in the panel alone.
    await page.locator('#oblast-select').selectOption(KHARKIV);
    await page.locator('#table-areas tbody tr').nth(KHARKIV_HROMADAS - 1).waitFor({ state: 'attached', timeout: 10_000 });
    assert.equal(await page.locator('#table-areas tbody tr').count(), KHARKIV_HROMADAS, 'the panel lists the oblast\u2019s hromadas');
    await page.locator('#filters summary').click();
    await page.locator('#filter-category-education').check();
    await page.waitForFunction((v) => document.querySelector('#place-total')?.getAttribute('data-value') === v,
      String(kharkiv.properties.by_category.education), { timeout: 10_000 });
    await page.locator('#measure').selectOption('gap');
    assert.equal((await state(page)).ready, false, 'the map is still held back');

    release();
    await waitIdle(page, { oblast: KHARKIV, hromadas: true });
    const shown = await page.evaluate((code) => {
      const map = window.__vidbudova.map;
      const c = map.getCenter();
      const hromadas = map.queryRenderedFeatures({ layers: ['hromada-fill'] }).map((f) => f.properties.code);
      return {
        centre: [c.lng, c.lat],
        hromadas: new Set(hromadas).size,
        coloured: hromadas.filter((h) => map.getFeatureState({ source: 'hromada', sourceLayer: 'hromadas', id: h }).colour).length > 0,
        tiles: map.getStyle().sources.sites.tiles[0],
        legend: document.querySelector('.vb-legend summary')?.textContent,
      };
    }, KHARKIV);
    const [w, s, e, n] = kharkiv.bbox;
    assert.ok(shown.centre[0] > w && shown.centre[0] < e && shown.centre[1] > s && shown.centre[1] < n, `the map went to Kharkiv oblast: ${shown.centre}`);
    assert.equal(shown.hromadas, KHARKIV_HROMADAS, 'the map draws its hromadas');
    assert.ok(shown.coloured, 'the hromadas are coloured');
    assert.match(shown.tiles, /category=education/, 'the tiles obey the filter chosen before');
    assert.equal(shown.legend?.trim(), uk['measure.gap']);
    assert.match(page.url(), /oblast=UA63000000000041885.*measure=gap|measure=gap.*oblast=UA63000000000041885/);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('Crimea, which has no hromada boundaries, says so instead of drawing nothing', { skip }, async () => {
  const { page, errors, close } = await openPage('/?lang=en#oblast=UA01000000000013043');
  try {
    await waitIdle(page, { oblast: 'UA01000000000013043', hromadas: true });
    assert.equal((await state(page)).hromadas, 0);
    assert.equal(await page.locator('#message').textContent(), 'Hromada boundaries are not available for this territory.');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('switching to English translates the title, the tables and the URL', { skip }, async () => {
  const { page, errors, close } = await openPage('/');
  try {
    await page.locator('#lang-en').click();
    assert.equal(await page.locator('#app-title').textContent(), 'Vidbudova');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.locator('#table-category tbody tr[data-key="housing"] th').textContent(), 'Housing');
    assert.equal(await page.locator('#table-damage tbody tr[data-key="destroyed"] th').textContent(), 'Destroyed');
    assert.equal((await page.locator('#place-name').textContent()).trim(), 'Ukraine');
    assert.match(page.url(), /[?&]lang=en/);
    // The choice is remembered without the query too.
    await page.goto(BASE + '/');
    await waitIdle(page);
    assert.equal(await page.locator('#app-title').textContent(), 'Vidbudova');
    await page.goto(BASE + '/?lang=uk');
    await waitIdle(page);
    assert.equal(await page.locator('#app-title').textContent(), 'Відбудова');
    assert.equal(await page.locator('#table-category tbody tr[data-key="housing"] th').textContent(), 'Житло');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

/** hostileSite returns a site whose name is markup: one the server has, or one the test creates. */
async function hostileSite() {
  const found = await api(`/api/v1/sites?limit=5&q=${encodeURIComponent('<img')}`);
  const existing = found.status === 200 && found.body.features?.find((f) => f.properties.name.includes('<img'));
  if (existing) return { site: existing };
  const created = await api('/api/v1/sites', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [36.2304, 49.9935] },
      properties: { name: XSS_NAME, category: 'education', damage: 'severe', damaged_on: '2022-03-01', description: 'e2e' },
    }),
  });
  if (created.status === 201 || created.status === 200) {
    // Leave the database as it was, in case it is not a throwaway one.
    const etag = created.etag ?? `"v${created.body.properties.version}"`;
    const cleanup = () => api(`/api/v1/sites/${created.body.id}`, { method: 'DELETE', headers: { 'If-Match': etag } });
    return { site: created.body, cleanup };
  }
  return { reason: `POST /api/v1/sites answered ${created.status}; the markup-in-name check is skipped` };
}

async function openSite(page, site) {
  const [lon, lat] = site.geometry.type === 'Point' ? site.geometry.coordinates : site.geometry.coordinates[0][0];
  await page.goto(`${BASE}/?lang=uk#map=17/${lat}/${lon}`);
  await waitIdle(page, { sites: true });
  const hit = await page.evaluate(
    ([id, lon, lat]) => {
      const map = window.__vidbudova.map;
      const p = map.project([lon, lat]);
      const fs = map.queryRenderedFeatures([p.x, p.y], { layers: ['site-circle', 'site-fill'] });
      return { x: p.x, y: p.y, ids: fs.map((f) => f.id), wanted: id };
    },
    [site.id, lon, lat],
  );
  assert.ok(hit.ids.includes(site.id), `site ${site.id} is drawn under its point (found ${hit.ids})`);
  const box = await page.locator('#map').boundingBox();
  await page.mouse.click(box.x + hit.x, box.y + hit.y);
  // The popup asks the server for the site, then shows it.
  await page.locator('.maplibregl-popup .site-popup').waitFor({ timeout: 10_000 });
  return hit.ids[0] === site.id;
}

test('zoomed into a city, sites are drawn and a click opens a popup with the name as text', { skip }, async (t) => {
  const { page, errors, close } = await openPage('/');
  let hostile = {};
  try {
    const list = await api('/api/v1/sites?limit=50&bbox=22,44,41,53');
    assert.equal(list.status, 200);
    // A sensitive site has no name for the public (its popup is tested in account.test.mjs).
    const site = list.body.features.find((f) => f.geometry.type === 'Point' && f.properties.name);
    assert.ok(site, 'the server has at least one named point site (demo data)');
    const onTop = await openSite(page, site);
    assert.ok((await state(page)).sites > 0);
    assert.ok(await page.locator('#demo-notice').isVisible() === Boolean(site.properties.demo), 'demo notice matches the data');
    if (onTop) assert.equal(await page.locator('.site-popup__name').textContent(), site.properties.name);
    const popupText = await page.locator('.maplibregl-popup').textContent();
    assert.ok(popupText.includes('Категорія'), 'popup labels are translated');
    await page.screenshot({ path: path.join(OUT, 'desktop-sites.png') });

    hostile = await hostileSite();
    if (!hostile.site) {
      t.diagnostic(hostile.reason);
    } else {
      await page.evaluate(() => document.querySelector('.maplibregl-popup-close-button')?.click());
      await openSite(page, hostile.site);
      const name = page.locator('.site-popup__name').filter({ hasText: '<img' });
      await name.waitFor({ timeout: 5000 });
      assert.equal(await name.textContent(), hostile.site.properties.name);
      assert.equal(await page.locator('.maplibregl-popup img').count(), 0, 'no element made from the name');
      assert.equal(await page.evaluate(() => window.__xss), undefined, 'no script ran');
      await page.screenshot({ path: path.join(OUT, 'desktop-popup-markup-name.png') });
      t.diagnostic(`markup in a site name is shown as text (site ${hostile.site.id})`);
    }
    assert.deepEqual(errors, []);
  } finally {
    await hostile.cleanup?.();
    await close();
  }
});

test('on a phone the panel sits under the map and folds away', { skip }, async () => {
  const { page, errors, close } = await openPage('/', { width: 390, height: 844 });
  try {
    const map = await page.locator('#map').boundingBox();
    const panel = await page.locator('#panel').boundingBox();
    assert.ok(panel.y >= map.y + map.height - 1, 'panel below the map');
    assert.ok(map.height > 400, 'the map keeps most of the screen');
    await page.screenshot({ path: path.join(OUT, 'phone-open.png') });
    await page.locator('#panel-toggle').click();
    assert.equal(await page.locator('#panel-body').isVisible(), false);
    assert.equal(await page.locator('#panel-toggle').getAttribute('aria-expanded'), 'false');
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(OUT, 'phone-folded.png') });
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('the page passes the automatic WCAG 2.1 AA checks (axe), on a desk and on a phone', { skip }, async () => {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    const { page, errors, close } = await openPage(`/#oblast=${KHARKIV}`, viewport);
    try {
      await waitIdle(page, { oblast: KHARKIV, hromadas: true });
      assert.deepEqual(await wcag(page), [], `at ${viewport.width}px`);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  }
});

/** tilePNG makes a plain 256×256 PNG, a stand-in for an operator's raster tiles. */
function tilePNG() {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(256, 0);
  ihdr.writeUInt32BE(256, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(256 * 3, 0xc8)]);
  const pixels = zlib.deflateSync(Buffer.concat(Array.from({ length: 256 }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

test('a base map set by the operator is drawn under the boundaries, credited as plain text', { skip }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => msg.type() === 'error' && !publicVisitor401(msg) && errors.push(msg.text()));
  page.on('pageerror', (err) => errors.push(err.message));
  // The server's own config says "no base map"; answer as one configured with a tile server would.
  await page.route('**/api/v1/config', (route) =>
    route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({ basemap_url: 'https://tiles.test/{z}/{x}/{y}.png', attribution: '© <a href="https://tiles.test/">Test tiles</a>' }),
    }),
  );
  let tiles = 0;
  const png = tilePNG();
  await page.route('https://tiles.test/**', (route) => {
    tiles++;
    return route.fulfill({ contentType: 'image/png', body: png });
  });
  try {
    await page.goto(BASE + '/');
    await waitIdle(page);
    const order = await page.evaluate(() => window.__vidbudova.map.getStyle().layers.map((l) => l.id));
    assert.ok(order.includes('basemap'), 'a raster layer was added');
    assert.ok(order.indexOf('basemap') < order.indexOf('oblast-fill'), 'it lies under the oblasts');
    assert.ok(tiles > 0, 'tiles were asked for');
    const credit = await page.locator('.vb-sources').textContent();
    assert.ok(credit.includes('© Test tiles'), credit);
    assert.equal(await page.locator('.vb-sources a').count(), 0, 'the attribution markup is not rendered');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
