// Browser tests of accounts and verification against a running Vidbudova
// server (never a stub). VIDBUDOVA_URL names the server; the sign-in tests
// also need a moderator of every oblast that has demo sites:
//   VIDBUDOVA_E2E_MODERATOR_EMAIL, VIDBUDOVA_E2E_MODERATOR_PASSWORD
// Without them those tests are skipped and say why.
//
// The server slows sign-in to 5 attempts per account in 15 minutes; these
// tests sign the moderator in 3 times (one of them with a wrong password).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, skip, uk, en, account, launch, api, wcag } from './support.mjs';
import fs from 'node:fs';
import path from 'node:path';

const OUT = path.join(import.meta.dirname, 'out');
const EMAIL = process.env.VIDBUDOVA_E2E_MODERATOR_EMAIL ?? '';
const PASSWORD = process.env.VIDBUDOVA_E2E_MODERATOR_PASSWORD ?? '';
const KHARKIV_CENTRE = { lat: 49.9935, lon: 36.2304 };


const skipAccount =
  skip ||
  (EMAIL && PASSWORD
    ? false
    : 'VIDBUDOVA_E2E_MODERATOR_EMAIL / VIDBUDOVA_E2E_MODERATOR_PASSWORD are not set; the sign-in tests need a moderator account');

let browser;

before(async () => {
  if (!skip) browser = await launch(OUT);
});

after(async () => {
  await browser?.close();
});

/**
 * The browser reports every 4xx answer in the console. These are the ones a
 * page expects: /auth/me says 401 to every public visitor, and a test may
 * expect more (a wrong password's 401).
 */
function expectedFailure(msg, allowed) {
  const m = /status of (\d{3})/.exec(msg.text());
  if (!m) return false;
  const { pathname } = new URL(msg.location().url || 'about:blank', BASE || 'http://localhost');
  return allowed.some(([status, p]) => Number(m[1]) === status && pathname === p);
}

/** openPage opens a page (in a fresh browser context) and records every unexpected console error. */
async function openPage(url, { allow = [], context } = {}) {
  const ctx = context ?? (await browser.newContext({ viewport: { width: 1280, height: 800 } }));
  const page = await ctx.newPage();
  const errors = [];
  const allowed = [[401, '/api/v1/auth/me'], ...allow];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !expectedFailure(msg, allowed)) errors.push(`console: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  await page.goto(BASE + url);
  await waitIdle(page);
  return { page, errors, close: () => ctx.close() };
}

/** waitIdle waits for the oblasts, for the map to settle, and for what `want` names (as in map.test.mjs). */
async function waitIdle(page, want = {}) {
  const settled = (w) => {
    const v = window.__vidbudova;
    if (!v) return false;
    const s = v.state();
    if (!s.ready || !v.map.loaded() || v.map.isMoving()) return false;
    if (w.sites && !(s.sites > 0)) return false;
    if ('account' in w && s.account !== w.account) return false;
    return true;
  };
  await page.waitForFunction(settled, want, { timeout: 30_000 });
  await page.waitForTimeout(600);
  await page.waitForFunction(settled, want, { timeout: 30_000 });
}

/** drawnSites lists the point sites drawn on screen, each with the paint the map evaluated for it. */
function drawnSites(page, at = null) {
  return page.evaluate((at) => {
    const map = window.__vidbudova.map;
    const where = at ? [map.project(at).x, map.project(at).y] : undefined;
    const fs = where ? map.queryRenderedFeatures(where, { layers: ['site-circle'] }) : map.queryRenderedFeatures({ layers: ['site-circle'] });
    const keys = ['circle-color', 'circle-opacity', 'circle-stroke-color', 'circle-stroke-width', 'circle-stroke-opacity'];
    return fs.map((f) => ({
      id: f.id,
      verification: f.properties.verification,
      category: f.properties.category,
      paint: Object.fromEntries(keys.map((k) => [k, JSON.parse(JSON.stringify(f.layer.paint[k]))])),
    }));
  }, at);
}

/** clickSite clicks a site's point and returns the site the popup is about (the one drawn on top). */
async function clickSite(page, lon, lat) {
  const hit = await page.evaluate(
    ([lon, lat]) => {
      const map = window.__vidbudova.map;
      const p = map.project([lon, lat]);
      const fs = map.queryRenderedFeatures([p.x, p.y], { layers: ['site-circle', 'site-fill'] });
      return { x: p.x, y: p.y, top: fs[0] ? { id: fs[0].id, properties: fs[0].properties } : null };
    },
    [lon, lat],
  );
  assert.ok(hit.top, `a site is drawn at ${lon},${lat}`);
  const box = await page.locator('#map').boundingBox();
  await page.mouse.click(box.x + hit.x, box.y + hit.y);
  await page.locator('.maplibregl-popup .site-popup').waitFor({ timeout: 10_000 });
  return hit.top;
}

const text = async (locator) => (await locator.textContent()).trim();

/** drawnAs waits (up to 10 s) until the map's tiles, fetched again after a decision, draw a site in a state. */
async function drawnAs(page, at, id, verification) {
  let found;
  for (let i = 0; i < 50; i++) {
    found = (await drawnSites(page, at)).find((s) => s.id === id);
    if (found?.verification === verification) return found;
    await page.waitForTimeout(200);
  }
  return found;
}

/** varint, key and length-delimited field of a protocol buffer: enough to write a vector tile. */
function pbVarint(n) {
  const out = [];
  let v = BigInt(n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return out;
}
const pbKey = (field, wire) => pbVarint((field << 3) | wire);
const pbBytes = (field, bytes) => [...pbKey(field, 2), ...pbVarint(bytes.length), ...bytes];
const pbString = (field, str) => pbBytes(field, [...Buffer.from(str, 'utf8')]);
const pbUint = (field, n) => [...pbKey(field, 0), ...pbVarint(n)];
const zigzag = (n) => (n << 1) ^ (n >> 31);

/**
 * sitesTile encodes a Mapbox Vector Tile with one layer, "sites", of points
 * at tile coordinates (extent 4096) with the properties the server's tiles carry.
 */
function sitesTile(points) {
  const keys = ['category', 'damage', 'verification', 'sensitive'];
  const values = [];
  const valueIndex = (v) => {
    const k = JSON.stringify(v);
    let i = values.findIndex((x) => JSON.stringify(x) === k);
    if (i < 0) i = values.push(v) - 1;
    return i;
  };
  const features = points.map((p) => {
    const tags = keys.flatMap((k, i) => [i, valueIndex(p[k])]);
    const geometry = [9, zigzag(p.x), zigzag(p.y)];
    return pbBytes(2, [
      ...pbUint(1, p.id),
      ...pbBytes(2, tags.flatMap(pbVarint)),
      ...pbUint(3, 1),
      ...pbBytes(4, geometry.flatMap(pbVarint)),
    ]);
  });
  const encodedValues = values.map((v) => pbBytes(4, typeof v === 'boolean' ? [...pbKey(7, 0), v ? 1 : 0] : pbString(1, v)));
  const layer = [...pbUint(15, 2), ...pbString(1, 'sites'), ...features.flat(), ...keys.flatMap((k) => pbString(3, k)), ...encodedValues.flat(), ...pbUint(5, 4096)];
  return Buffer.from(pbBytes(3, layer));
}

/** tileOf is the XYZ tile holding a place at zoom z. */
function tileOf(lon, lat, z) {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return { x, y };
}

test('reported, verified and rejected sites are drawn differently, and the legend says which is which', { skip }, async () => {
  const STATES = ['reported', 'verified', 'rejected'];
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // The demo data starts all "reported". The map draws sites from the vector
  // tiles: serve it, for the tile at Kharkiv's centre, a tile the test made
  // with sites of one category in all three states, and every other tile empty.
  const fake = STATES.flatMap((verification, i) =>
    ['education', 'housing'].map((category, j) => ({ id: 9_000_001 + i * 2 + j, x: 1200 + i * 800, y: 1500 + j * 800, category, damage: 'severe', verification, sensitive: false })),
  );
  await context.route(/\/tiles\/sites\/(\d+)\/(\d+)\/(\d+)\.mvt/, async (route) => {
    const [, z, x, y] = /\/tiles\/sites\/(\d+)\/(\d+)\/(\d+)\.mvt/.exec(route.request().url()).map(Number);
    const at = tileOf(KHARKIV_CENTRE.lon, KHARKIV_CENTRE.lat, z);
    if (z !== 15 || at.x !== x || at.y !== y) return route.fulfill({ status: 204 });
    return route.fulfill({ contentType: 'application/vnd.mapbox-vector-tile', body: sitesTile(fake) });
  });
  // A click asks the server for the site: answer for the made-up ones as it would.
  await context.route(/\/api\/v1\/sites\/9\d{6}$/, (route) => {
    const id = Number(route.request().url().split('/').pop());
    const f = fake.find((x) => x.id === id);
    return route.fulfill({
      contentType: 'application/geo+json',
      json: {
        type: 'Feature',
        id,
        geometry: { type: 'Point', coordinates: [KHARKIV_CENTRE.lon, KHARKIV_CENTRE.lat] },
        properties: {
          name: `e2e ${id}`, category: f.category, damage: f.damage, damaged_on: '2024-05-25', description: '', estimated_cost: null,
          verification: f.verification, verification_reason: f.verification === 'rejected' ? 'e2e: дублікат' : null, sensitive: false,
          oblast_code: 'UA63000000000041885', hromada_code: null, hromada_name_uk: null, hromada_name_en: null, demo: true, version: 1,
          created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z',
        },
      },
    });
  });
  const { page, errors, close } = await openPage(`/?lang=uk#map=15/${KHARKIV_CENTRE.lat}/${KHARKIV_CENTRE.lon}`, { context });
  try {
    // Centre the made-up tile's sites on screen.
    const centre = await page.evaluate(() => {
      const fs = window.__vidbudova.map.querySourceFeatures('sites', { sourceLayer: 'sites' }).filter((f) => f.id > 9_000_000);
      const xs = fs.map((f) => f.geometry.coordinates[0]);
      const ys = fs.map((f) => f.geometry.coordinates[1]);
      return [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2];
    });
    await page.evaluate((c) => window.__vidbudova.map.jumpTo({ center: c, zoom: 15 }), centre);
    await waitIdle(page, { sites: true });
    const drawn = (await drawnSites(page)).filter((s) => s.id > 9_000_000);
    assert.equal(drawn.length, fake.length, 'every made-up site is drawn');
    // Within one category only the state may change the paint.
    const paint = {};
    for (const s of drawn) {
      const seen = JSON.stringify(s.paint);
      const byState = (paint[s.category] ??= {});
      byState[s.verification] ??= seen;
      assert.equal(seen, byState[s.verification], `every ${s.verification} ${s.category} site is drawn alike`);
    }
    const category = Object.keys(paint).find((c) => STATES.every((v) => paint[c][v]));
    assert.ok(category, `some category has sites in all three states on screen (${JSON.stringify(Object.keys(paint))})`);
    const [reported, verified, rejected] = STATES.map((v) => JSON.parse(paint[category][v]));
    assert.notDeepEqual(reported, verified, 'reported and verified sites look different');
    assert.notDeepEqual(rejected, verified, 'rejected and verified sites look different');
    assert.notDeepEqual(rejected, reported, 'rejected and reported sites look different');
    // A report is a ring: a pale fill inside a thicker stroke of the colour a verified site is filled with.
    const fill = (p) => p['circle-color'];
    assert.ok(Math.min(fill(reported).r, fill(reported).g, fill(reported).b) > 0.9, `a reported site is hollow: ${JSON.stringify(reported)}`);
    assert.deepEqual(reported['circle-stroke-color'], verified['circle-color'], 'its ring has the category colour');
    assert.ok(reported['circle-stroke-width'] > verified['circle-stroke-width'], 'the ring is thicker than a dot’s edge');
    const grey = fill(rejected);
    assert.ok(Math.abs(grey.r - grey.g) < 0.02 && Math.abs(grey.g - grey.b) < 0.02, `a rejected site is grey: ${JSON.stringify(grey)}`);
    assert.ok(rejected['circle-opacity'] < 1, 'and faded');

    const legend = page.locator('.vb-legend li[data-verification]');
    assert.deepEqual(await legend.evaluateAll((lis) => lis.map((li) => li.dataset.verification)), STATES);
    assert.deepEqual(await legend.evaluateAll((lis) => lis.map((li) => li.textContent.trim())), STATES.map((v) => uk[`verification.${v}`]));
    await page.screenshot({ path: path.join(OUT, 'desktop-verification.png') });

    // The public sees a rejected site's state and reason, and no moderator's buttons.
    const target = drawn.find((s) => s.verification === 'rejected');
    const [lon, lat] = await page.evaluate((id) => {
      const f = window.__vidbudova.map.querySourceFeatures('sites', { sourceLayer: 'sites' }).find((x) => x.id === id);
      return f.geometry.coordinates;
    }, target.id);
    // Closer, but still within the zoom of the made-up tile.
    await page.evaluate(([lon, lat]) => window.__vidbudova.map.jumpTo({ center: [lon, lat], zoom: 15.9 }), [lon, lat]);
    await waitIdle(page, { sites: true });
    const top = await clickSite(page, lon, lat);
    assert.equal(top.properties.verification, 'rejected');
    const popup = page.locator('.maplibregl-popup');
    assert.equal(await text(popup.locator('dd.site-popup__verification')), uk['verification.rejected']);
    assert.equal(await text(popup.locator('dd.site-popup__reason')), 'e2e: дублікат');
    assert.equal(await popup.locator('.site-popup__moderate').count(), 0, 'no moderation for the public');

    await page.locator('#lang-en').click();
    assert.deepEqual(await legend.evaluateAll((lis) => lis.map((li) => li.textContent.trim())), STATES.map((v) => en[`verification.${v}`]));
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a sensitive site, shown at its hromada’s point, is titled by its category and says its place is withheld', { skip }, async () => {
  const list = await api('/api/v1/sites?limit=200&category=energy,water,transport');
  assert.equal(list.status, 200);
  const site = list.body.features.find((f) => f.properties.sensitive && f.geometry?.type === 'Point');
  assert.ok(site, 'the demo data has a sensitive site (energy, water and transport are sensitive)');
  assert.equal(site.properties.name, '', 'the server gives the public no name for it');
  const [lon, lat] = site.geometry.coordinates;
  const { page, errors, close } = await openPage(`/?lang=uk#map=15/${lat}/${lon}`);
  try {
    await waitIdle(page, { sites: true });
    const top = await clickSite(page, lon, lat);
    assert.equal(top.properties.sensitive, true, 'every site at a hromada’s point is a withheld one');
    const popup = page.locator('.maplibregl-popup');
    assert.equal(await text(popup.locator('.site-popup__name')), uk[`category.${top.properties.category}`]);
    assert.equal(await text(popup.locator('.site-popup__withheld')), uk['popup.withheld']);
    await page.locator('#lang-en').click(); // closes the popup; open it again in English
    await clickSite(page, lon, lat);
    assert.equal(await text(popup.locator('.site-popup__withheld')), en['popup.withheld']);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

async function openSignIn(page) {
  await page.locator('#signin-open').click();
  await page.locator('#signin-dialog[open]').waitFor({ timeout: 5000 });
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'signin-email', 'focus starts at the email');
}

test('a wrong password is answered in the dialog, in the page’s language, and Escape closes it', { skip: skipAccount }, async () => {
  const { page, errors, close } = await openPage('/?lang=uk', { allow: [[401, '/api/v1/auth/login']] });
  try {
    assert.equal(await text(page.locator('#signin-open')), uk['account.signIn']);
    await openSignIn(page);
    // The labels name the inputs (what a screen reader reads).
    assert.equal(await page.getByLabel(uk['signin.email'], { exact: true }).getAttribute('id'), 'signin-email');
    assert.equal(await page.getByLabel(uk['signin.password'], { exact: true }).getAttribute('id'), 'signin-password');

    await page.locator('#signin-email').fill(EMAIL);
    await page.locator('#signin-password').fill(`${PASSWORD}-wrong`);
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
    await page.locator('#signin-password').press('Enter');
    const res = await answer;
    assert.equal(res.status(), 401);
    const problem = await res.json();
    assert.match(problem.detail, /[а-яіїєґ]/i, 'the server was asked in Ukrainian');

    const error = page.locator('#signin-error');
    await error.waitFor({ state: 'visible', timeout: 5000 });
    assert.equal(await text(error), problem.detail);
    assert.equal(await error.getAttribute('role'), 'alert');
    assert.equal(await page.locator('#signin-password').getAttribute('aria-invalid'), 'true');
    assert.ok(await page.locator('#signin-dialog').evaluate((d) => d.open), 'the dialog stays open');
    assert.equal((await page.evaluate(() => window.__vidbudova.state())).account, null);
    assert.deepEqual(await wcag(page), [], 'the dialog, with its error, passes the WCAG checks');
    await page.screenshot({ path: path.join(OUT, 'desktop-signin-error.png') });

    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#signin-dialog').evaluate((d) => d.open), false, 'Escape closes the dialog');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'signin-open', 'focus goes back to the button');
    assert.ok(await page.locator('#signin-open').isVisible());
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('signing in shows the account in the header, a reload keeps it, and signing out returns to the public', { skip: skipAccount }, async () => {
  const { page, errors, close } = await openPage('/?lang=uk');
  try {
    await openSignIn(page);
    await page.locator('#signin-email').fill(EMAIL);
    await page.locator('#signin-password').fill(PASSWORD);
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
    await page.locator('#signin-password').press('Enter');
    const res = await answer;
    assert.equal(res.status(), 200);
    const { user, csrf_token: csrf } = await res.json();
    assert.equal(user.role, 'moderator', 'the e2e account is a moderator');
    assert.ok(csrf, 'sign-in gives a CSRF token');

    const shown = user.name || user.email;
    await page.locator('#account-name').waitFor({ state: 'visible', timeout: 5000 });
    assert.equal(await text(page.locator('#account-name')), shown);
    assert.equal(await text(page.locator('#account-role')), uk['role.moderator']);
    assert.equal(await page.locator('#signin-open').isVisible(), false);
    assert.equal(await page.locator('#signin-dialog').evaluate((d) => d.open), false, 'the dialog closed');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'signout', 'focus moves to "Sign out"');
    const kept = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    assert.ok(!kept.includes(csrf), 'the CSRF token is kept in memory only');
    await page.screenshot({ path: path.join(OUT, 'desktop-signed-in.png') });

    const me = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/me'));
    await page.reload();
    assert.equal((await me).status(), 200);
    await waitIdle(page, { account: user.email });
    assert.equal(await text(page.locator('#account-name')), shown);
    assert.equal(await text(page.locator('#account-role')), uk['role.moderator']);
    await page.locator('#lang-en').click();
    assert.equal(await text(page.locator('#account-role')), en['role.moderator']);
    assert.equal(await text(page.locator('#signout')), en['account.signOut']);

    const bye = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/logout'));
    await page.locator('#signout').click();
    assert.equal((await bye).status(), 204);
    await page.locator('#signin-open').waitFor({ state: 'visible', timeout: 5000 });
    assert.equal(await page.locator('#account').isVisible(), false);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'signin-open');

    const again = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/me'));
    await page.reload();
    assert.equal((await again).status(), 401, 'the session is gone on the server too');
    await waitIdle(page, { account: null });
    assert.ok(await page.locator('#signin-open').isVisible());
    assert.equal(await text(page.locator('#signin-open')), en['account.signIn']);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

/** reportedSites lists reported point sites the moderator may decide on, that the public sees exactly. */
async function reportedSites(oblasts) {
  const found = [];
  for (const code of oblasts) {
    const list = await api(`/api/v1/sites?limit=100&oblast=${encodeURIComponent(code)}`);
    if (list.status !== 200) continue;
    for (const f of list.body.features) {
      if (f.geometry?.type === 'Point' && f.properties.verification === 'reported' && !f.properties.sensitive) found.push(f);
    }
    if (found.length >= 10) break;
  }
  return found;
}

test('a moderator verifies a reported site from its popup, then rejects it with a reason', { skip: skipAccount }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // Sign in through the context's own client: it shares the browser's cookies.
  const login = await context.request.post(`${BASE}/api/v1/auth/login`, { data: { email: EMAIL, password: PASSWORD } });
  assert.equal(login.status(), 200);
  const { user, csrf_token: csrf } = await login.json();
  assert.ok(user.oblast_codes.length > 0, 'the moderator has oblasts');
  const candidates = await reportedSites(user.oblast_codes);
  assert.ok(candidates.length > 0, 'a reported site lies in the moderator’s oblasts');

  // A rejection without a reason is answered 422, and the browser says so in the console.
  const allow = candidates.map((c) => [422, `/api/v1/sites/${c.id}/verification`]);
  const { page, errors, close } = await openPage('/?lang=uk', { context, allow });
  try {
    // A site drawn on top at its point, so that a click opens it and no other.
    let site = null;
    for (const c of candidates) {
      const [lon, lat] = c.geometry.coordinates;
      await page.evaluate(([lon, lat]) => window.__vidbudova.map.jumpTo({ center: [lon, lat], zoom: 18 }), [lon, lat]);
      await waitIdle(page, { sites: true, account: user.email });
      if ((await drawnSites(page, [lon, lat]))[0]?.id === c.id) {
        site = c;
        break;
      }
    }
    assert.ok(site, 'one of the reported sites is drawn on top at its point');
    const [lon, lat] = site.geometry.coordinates;
    const before = (await drawnSites(page, [lon, lat]))[0];
    assert.equal(before.verification, 'reported');

    await clickSite(page, lon, lat);
    const popup = page.locator('.maplibregl-popup');
    const verify = popup.locator('.site-popup__verify');
    assert.equal(await text(verify), uk['moderation.verify']);
    assert.equal(await text(popup.locator('.site-popup__reject')), uk['moderation.reject']);
    assert.equal(await text(popup.locator('dd.site-popup__verification')), uk['verification.reported']);
    assert.deepEqual(await wcag(page), [], 'the popup with its buttons passes the WCAG checks');

    const sent = page.waitForRequest((r) => r.url().endsWith(`/api/v1/sites/${site.id}/verification`));
    const answered = page.waitForResponse((r) => r.url().endsWith(`/api/v1/sites/${site.id}/verification`));
    await verify.click();
    const req = await sent;
    assert.equal(req.method(), 'POST');
    assert.equal(req.headers()['x-csrf-token'], csrf, 'the write carries the CSRF token');
    assert.equal(req.headers()['if-match'], `"v${site.properties.version}"`, 'and the version the popup showed');
    assert.deepEqual(req.postDataJSON(), { decision: 'verified' });
    const res = await answered;
    assert.equal(res.status(), 200, await res.text());
    const verified = await res.json();

    await popup.locator('.site-popup__notice').waitFor({ timeout: 5000 });
    assert.equal(await text(popup.locator('.site-popup__notice')), uk['moderation.saved.verified']);
    assert.equal(await text(popup.locator('dd.site-popup__verification')), uk['verification.verified']);
    assert.equal(await verify.count(), 0, 'a verified site cannot be verified again');
    const after = await drawnAs(page, [lon, lat], site.id, 'verified');
    assert.equal(after.id, site.id);
    assert.equal(after.verification, 'verified', 'the map has the new state');
    assert.notDeepEqual(after.paint, before.paint, 'and draws it differently');
    assert.equal((await api(`/api/v1/sites/${site.id}`)).body.properties.verification, 'verified', 'the server has it');
    await page.screenshot({ path: path.join(OUT, 'desktop-verified.png') });

    // Rejecting asks for a reason; without one, the server's words show under the field.
    await popup.locator('.site-popup__reject').click();
    const reason = popup.getByLabel(uk['moderation.reason'], { exact: true });
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'TEXTAREA', 'focus goes to the reason');
    const refused = page.waitForResponse((r) => r.url().endsWith(`/api/v1/sites/${site.id}/verification`));
    await popup.locator('.site-popup__reject-send').click();
    const answer = await refused;
    assert.equal(answer.status(), 422);
    const problem = await answer.json();
    assert.equal(problem.field, 'reason');
    const fieldError = popup.locator(`#site-popup-${site.id}-reason-error`);
    await fieldError.waitFor({ state: 'visible', timeout: 5000 });
    assert.equal(await text(fieldError), problem.detail, "the API's own words");
    assert.equal(await reason.getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'TEXTAREA', 'the focus stays in the reason');
    assert.equal((await api(`/api/v1/sites/${site.id}`)).body.properties.verification, 'verified', 'nothing changed');
    // The popup's buttons are described by the site's name.
    const described = await popup.locator('.site-popup__reject').getAttribute('aria-describedby');
    assert.equal(await text(popup.locator(`#${described}`)), await text(popup.locator('.site-popup__name')));
    await reason.fill('e2e: фото не відповідає адресі');
    const rejected = page.waitForResponse((r) => r.url().endsWith(`/api/v1/sites/${site.id}/verification`));
    await popup.locator('.site-popup__reject-send').click();
    const rres = await rejected;
    assert.equal(rres.status(), 200, await rres.text());
    assert.equal((await rres.request().allHeaders())['if-match'], `"v${verified.properties.version}"`, 'the new version is the precondition');
    await popup.locator('.site-popup__notice').filter({ hasText: uk['moderation.saved.rejected'] }).waitFor({ timeout: 5000 });
    assert.equal(await text(popup.locator('dd.site-popup__verification')), uk['verification.rejected']);
    assert.equal(await text(popup.locator('dd.site-popup__reason')), 'e2e: фото не відповідає адресі');
    const greyed = await drawnAs(page, [lon, lat], site.id, 'rejected');
    assert.equal(greyed?.verification, 'rejected');
    assert.notDeepEqual(greyed.paint, after.paint, 'a rejected site is drawn unlike a verified one');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
