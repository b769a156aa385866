// Browser tests of the screens (Explore, place and project pages, Report,
// Fund, Moderate) against a running Vidbudova server with the demo data.
// VIDBUDOVA_URL names the server; the signed-in tests also need
//   VIDBUDOVA_E2E_EDITOR_EMAIL / _PASSWORD     an editor of the hromada with the most demo sites
//   VIDBUDOVA_E2E_DONOR_EMAIL / _PASSWORD      a donor of the first demo organisation
//   VIDBUDOVA_E2E_MODERATOR_EMAIL / _PASSWORD  a moderator of every oblast
// Each account signs in once here (the server allows 5 attempts in 15 minutes).
// Screenshots go to e2e/out/; with VIDBUDOVA_SCREENSHOTS=1 to docs/screenshots/,
// the README's (so that a plain test run leaves the work tree as it was).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, skip, uk, en, account, launch, api, wcag } from './support.mjs';
import fs from 'node:fs';
import path from 'node:path';

const SHOTS = process.env.VIDBUDOVA_SCREENSHOTS
  ? path.join(import.meta.dirname, '../../docs/screenshots')
  : path.join(import.meta.dirname, 'out');
const KHARKIV = 'UA63000000000041885';
const DESK = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };
const EDITOR = account('EDITOR');
const DONOR = account('DONOR');
const MODERATOR = account('MODERATOR');


const needs = (a, role) => skip || (a.email && a.password ? false : `VIDBUDOVA_E2E_${role}_EMAIL / _PASSWORD are not set`);

let browser;

before(async () => {
  if (!skip) browser = await launch(SHOTS);
});

after(async () => {
  await browser?.close();
});

/** The console errors a page expects: the 401 of /auth/me for a visitor, and those a test names. */
function expected(msg, allowed) {
  const m = /status of (\d{3})/.exec(msg.text());
  if (!m) return false;
  const { pathname } = new URL(msg.location().url || 'about:blank', BASE || 'http://localhost');
  return [[401, '/api/v1/auth/me'], ...allowed].some(([status, p]) => Number(m[1]) === status && pathname === p);
}

async function openPage(url, { viewport = DESK, context, allow = [] } = {}) {
  const ctx = context ?? (await browser.newContext({ viewport }));
  const page = await ctx.newPage();
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !expected(msg, allow) && !msg.text().includes('GL Driver')) errors.push(`console: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  await page.goto(BASE + url);
  return { page, errors, close: () => ctx.close() };
}

/** signIn opens a browser context signed in as the account (one sign-in). */
async function signIn(a, viewport = DESK) {
  const context = await browser.newContext({ viewport });
  const res = await context.request.post(`${BASE}/api/v1/auth/login`, { data: a });
  assert.equal(res.status(), 200, `sign-in as ${a.email}`);
  return { context, ...(await res.json()) };
}

/** mapIdle waits for Explore's map to settle, and for what `want` names. */
async function mapIdle(page, want = {}) {
  const settled = (w) => {
    const v = window.__vidbudova;
    const s = v?.state();
    if (!s?.ready || !v.map.loaded() || v.map.isMoving()) return false;
    if ('oblast' in w && s.oblast !== w.oblast) return false;
    if (w.hromadas && s.hromadas === null) return false;
    if (w.sites && !(s.sites > 0)) return false;
    return true;
  };
  await page.waitForFunction(settled, want, { timeout: 30_000 });
  await page.waitForTimeout(600);
  await page.waitForFunction(settled, want, { timeout: 30_000 });
}

const text = async (locator) => (await locator.textContent()).trim();

test('Explore: a measure, an oblast and a filter change the map, the totals and the address, and a reload keeps them', { skip }, async () => {
  const { page, errors, close } = await openPage('/?lang=uk');
  try {
    await mapIdle(page);
    const oblasts = (await api('/api/v1/oblasts?zoom=5')).body.features;
    const kharkiv = oblasts.find((f) => f.properties.code === KHARKIV).properties;

    await page.locator('#measure').selectOption('gap');
    assert.match(page.url(), /measure=gap/);
    assert.equal(await text(page.locator('.vb-legend summary')), uk['measure.gap']);
    // Each oblast takes a colour of the legend: the largest gap the darkest, no gap the "none" one.
    const drawn = await page.evaluate((codes) => {
      // The colour as the browser writes it, rgb(…), to compare with the legend's boxes.
      const rgb = (c) => {
        const probe = document.createElement('i');
        probe.style.color = c;
        document.body.append(probe);
        const v = getComputedStyle(probe).color;
        probe.remove();
        return v;
      };
      const legend = [...document.querySelectorAll('.vb-legend__list:first-of-type .vb-legend__box')].map((b) => getComputedStyle(b).backgroundColor);
      const colours = Object.fromEntries(codes.map((c) => [c, rgb(window.__vidbudova.map.getFeatureState({ source: 'oblast', sourceLayer: 'oblasts', id: c }).colour ?? 'transparent')]));
      return { legend, colours };
    }, oblasts.map((f) => f.properties.code));
    const byGap = [...oblasts].sort((a, b) => b.properties.money.UAH.gap - a.properties.money.UAH.gap);
    for (const [code, colour] of Object.entries(drawn.colours)) {
      assert.ok(drawn.legend.includes(colour), `oblast ${code} is drawn in ${colour}, not a colour of the legend ${drawn.legend}`);
    }
    assert.equal(drawn.colours[byGap[0].properties.code], drawn.legend.at(-1), 'the largest gap has the darkest colour');
    const none = byGap.at(-1).properties;
    if (none.money.UAH.gap === 0) assert.equal(drawn.colours[none.code], drawn.legend[0], `${none.name_en}, with no gap, has the "none" colour`);

    await page.locator('#oblast-select').selectOption(KHARKIV);
    await mapIdle(page, { oblast: KHARKIV, hromadas: true });
    assert.equal(await text(page.locator('#place-name')), kharkiv.name_uk);
    assert.equal(await page.locator('#place-total').getAttribute('data-value'), String(kharkiv.sites));
    assert.equal(await page.locator('#place-money .moneybar__gap').getAttribute('data-value'), String(kharkiv.money.UAH.gap));
    assert.equal(await page.locator('#table-areas tbody tr').count(), (await page.evaluate(() => window.__vidbudova.state().hromadas)));
    assert.ok(await page.locator('#table-areas thead th').count() === 3, 'the area table has the measure beside the count');

    // A filter narrows the total, which the server counts anew: the sites of the chosen categories.
    await page.locator('#filters summary').click();
    await page.locator('#filter-category-education').check();
    assert.match(page.url(), /category=education/);
    await page.waitForFunction((v) => document.querySelector('#place-total')?.getAttribute('data-value') === v,
      String(kharkiv.by_category.education), { timeout: 10_000 });
    const sitesTiles = await page.evaluate(() => window.__vidbudova.map.getStyle().sources.sites.tiles[0]);
    assert.match(sitesTiles, /\/tiles\/sites\/\{z\}\/\{x\}\/\{y\}\.mvt\?category=education$/, 'the tiles are asked with the filter');
    assert.match(await page.locator('#downloads a').first().getAttribute('href'), /oblast=UA63000000000041885.*category=education/);

    await page.reload();
    await mapIdle(page, { oblast: KHARKIV, hromadas: true });
    const s = await page.evaluate(() => window.__vidbudova.state());
    assert.equal(s.measure, 'gap');
    assert.deepEqual(s.filters.category, ['education']);
    assert.equal(await page.locator('#filter-category-education').isChecked(), true);
    assert.equal(await page.locator('#place-total').getAttribute('data-value'), String(kharkiv.by_category.education));

    // Zoomed in, the list beside the map names what is drawn.
    await page.evaluate(() => window.__vidbudova.map.jumpTo({ center: [36.2304, 49.9935], zoom: 13 }));
    await mapIdle(page, { oblast: KHARKIV });
    await page.locator('#objects-list li').first().waitFor({ timeout: 10_000 });
    assert.ok((await page.locator('#objects-list li').count()) > 0, 'the list has sites');
    assert.deepEqual(await wcag(page), []);
    await page.locator('#filters-clear').click();
    await page.evaluate(() => window.__vidbudova.map.jumpTo({ center: [36.6, 49.6], zoom: 7.2 }));
    await mapIdle(page, { oblast: KHARKIV });
    await page.screenshot({ path: path.join(SHOTS, 'explore-desktop.png') });
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
  const phone = await openPage(`/?lang=uk#oblast=${KHARKIV}&measure=funded`, { viewport: PHONE });
  try {
    await mapIdle(phone.page, { oblast: KHARKIV, hromadas: true });
    assert.deepEqual(await wcag(phone.page), [], 'on a phone');
    await phone.page.screenshot({ path: path.join(SHOTS, 'explore-phone.png') });
    assert.deepEqual(phone.errors, []);
  } finally {
    await phone.close();
  }
});

test('the projects layer draws projects from the tiles and a click opens one with a link to its page', { skip }, async () => {
  const list = await api('/api/v1/projects?limit=1&sort=gap&state=seeking_funding');
  const project = list.body.features[0];
  const [lon, lat] = project.geometry.coordinates;
  const { page, errors, close } = await openPage(`/?lang=en#map=15/${lat}/${lon}&layer=projects`);
  try {
    await mapIdle(page);
    await page.waitForFunction(() => window.__vidbudova.state().projects > 0, null, { timeout: 15_000 });
    const hit = await page.evaluate(([lon, lat]) => {
      const map = window.__vidbudova.map;
      const p = map.project([lon, lat]);
      return { x: p.x, y: p.y, ids: map.queryRenderedFeatures([p.x, p.y], { layers: ['project-circle'] }).map((f) => f.id) };
    }, [lon, lat]);
    assert.ok(hit.ids.includes(project.id), `project ${project.id} is drawn at its point`);
    const box = await page.locator('#map').boundingBox();
    await page.mouse.click(box.x + hit.x, box.y + hit.y);
    const link = page.locator('.maplibregl-popup .project-popup__link');
    await link.waitFor({ timeout: 10_000 });
    await link.click();
    await page.locator('#project-title').waitFor({ timeout: 10_000 });
    assert.equal(new URL(page.url()).pathname, `/projects/${hit.ids[0]}`);
    // The way back names the places: the oblast and the hromada the project is in.
    const shown = (await api(`/api/v1/projects/${hit.ids[0]}`)).body.properties;
    assert.equal(await page.locator('#project-oblast').textContent(), shown.oblast_name_en);
    assert.equal(await page.locator('#project-hromada').textContent(), shown.hromada_name_en);
    assert.ok(shown.oblast_name_en, 'the project names its oblast');
  } finally {
    await close();
  }
});

test('an oblast’s page has its totals, charts with tables beside them, and downloads of the selection', { skip }, async () => {
  const { page, errors, close } = await openPage(`/oblasts/${KHARKIV}?lang=en#sector=education`);
  try {
    await page.locator('#chart-states-table').waitFor({ timeout: 15_000 });
    assert.equal(await text(page.locator('#place-title')), 'Kharkiv Oblast');
    const kharkiv = (await api('/api/v1/oblasts?zoom=5')).body.features.find((f) => f.properties.code === KHARKIV).properties;
    const fromTable = await page.$$eval('#chart-states-table tbody td', (tds) => tds.reduce((n, td) => n + Number(td.textContent.replace(/\D/g, '')), 0));
    assert.equal(fromTable, kharkiv.projects, 'the states table adds up to the projects');
    assert.equal(await page.locator('#chart-sectors-table tbody tr').count(), 9);
    assert.ok((await page.locator('#chart-monthly-table tbody tr').count()) > 0, 'the monthly series has rows');
    assert.equal(await page.locator('#place-money .moneybar__needed').getAttribute('data-value'), String(kharkiv.money.UAH.needed));
    const hrefs = await page.$$eval('#place-downloads a', (as) => as.map((a) => a.getAttribute('href')));
    assert.ok(hrefs.includes(`/api/v1/export/projects.csv?oblast=${KHARKIV}&sector=education`), hrefs.join(' '));
    assert.ok(hrefs.includes(`/api/v1/export/sites.geojson?oblast=${KHARKIV}`), hrefs.join(' '));
    assert.ok((await page.locator('#table-place-hromadas tbody tr').count()) > 50, 'the hromadas are listed');
    assert.deepEqual(await wcag(page), []);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('an editor reports a site by tapping the map; a failed send keeps the form and the retry makes one site', { skip: needs(EDITOR, 'EDITOR') }, async () => {
  const { context, user, csrf_token: csrf } = await signIn(EDITOR);
  const hromada = user.hromada_codes[0];
  const oblast = (await api('/api/v1/oblasts?zoom=5')).body.features.find((f) => f.properties.code.slice(0, 4) === hromada.slice(0, 4)).properties.code;
  const h = (await api(`/api/v1/oblasts/${oblast}/hromadas?zoom=12`)).body.features.find((f) => f.properties.code === hromada);
  const [lon, lat] = h.properties.label_point;
  const { page, errors, close } = await openPage('/report?lang=uk', { context, allow: [[422, '/api/v1/sites']] });
  try {
    await page.locator('#report-form').waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('#nav-report').getAttribute('aria-current'), 'page');
    await page.waitForFunction(() => window.__vidbudova.screen()?.map?.isStyleLoaded(), null, { timeout: 15_000 });
    // Tap the map where the hromada is.
    await page.evaluate(([lon, lat]) => window.__vidbudova.screen().map.jumpTo({ center: [lon, lat], zoom: 15 }), [lon, lat]);
    const box = await page.locator('#report-map').boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.locator('#report-where').filter({ hasText: /\d+\.\d{5}/ }).waitFor({ timeout: 5000 });
    const tapped = await page.evaluate(() => window.__vidbudova.screen().draft.geometry);
    assert.equal(tapped.type, 'Point');
    assert.ok(Math.abs(tapped.coordinates[0] - lon) < 0.001 && Math.abs(tapped.coordinates[1] - lat) < 0.001, 'the point is where the map was tapped');

    // No category: the server names the field, and its words stand next to it.
    await page.locator('#report-damage').selectOption('severe');
    await page.locator('#report-name').fill('e2e: школа, спортзал');
    await page.locator('#report-date').fill('2024-05-25');
    await page.locator('#report-cost').fill('1250000');
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/sites') && r.request().method() === 'POST');
    await page.locator('#report-submit').click();
    const res422 = await refused;
    assert.equal(res422.status(), 422);
    const problem = await res422.json();
    assert.equal(problem.field, 'properties.category');
    const catError = page.locator('#report-category-error');
    await catError.waitFor({ state: 'visible', timeout: 5000 });
    assert.equal(await text(catError), problem.detail);
    assert.equal(await page.locator('#report-category').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'report-category');
    await page.locator('#report-category').selectOption('education');
    await page.evaluate(() => document.getElementById('page').scrollTo(0, 0));
    await page.screenshot({ path: path.join(SHOTS, 'report-desktop.png') });
    assert.deepEqual(await wcag(page), [], 'the form with the server’s message passes the WCAG checks');

    // The connection drops on the first send: the form stays, in storage too.
    const keys = [];
    await page.route('**/api/v1/sites', (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      keys.push(route.request().headers()['idempotency-key']);
      return keys.length === 1 ? route.abort('internetdisconnected') : route.continue();
    });
    await page.locator('#report-submit').click();
    await page.locator('#report-error').waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await text(page.locator('#report-error')), new RegExp(uk['report.offline']));
    const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('vidbudova.report')));
    assert.equal(kept.category, 'education');
    assert.equal(kept.geometry.type, 'Point');
    // A reload brings the form back as it was.
    await page.reload();
    await page.locator('#report-restored').waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('#report-category').inputValue(), 'education');
    assert.equal(await page.locator('#report-name').inputValue(), 'e2e: школа, спортзал');

    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/sites') && r.request().method() === 'POST');
    await page.locator('#report-submit').click();
    const res = await created;
    assert.equal(res.status(), 201, await res.text());
    assert.equal(res.request().headers()['x-csrf-token'], csrf);
    assert.equal(keys.length, 2);
    assert.equal(keys[0], keys[1], 'the retry is sent with the same Idempotency-Key');
    const site = await res.json();
    assert.equal(site.properties.hromada_code, hromada);
    assert.equal(site.properties.estimated_cost.amount_minor, 125000000);
    await page.locator('#report-sent').waitFor({ timeout: 5000 });
    assert.equal(await page.evaluate(() => localStorage.getItem('vidbudova.report')), null, 'the sent report leaves storage');

    // It is in the history, with the editor as its author…
    const entry = page.locator('#history-list li[data-action="create"]');
    await entry.waitFor({ timeout: 10_000 });
    assert.match(await text(entry), new RegExp(uk['history.create']));
    assert.match(await text(entry), new RegExp(uk['role.editor']));
    // …and on the map, drawn from the tiles.
    await page.locator('#report-onmap').click();
    await mapIdle(page, { sites: true });
    await page.waitForFunction((id) => {
      const m = window.__vidbudova.map;
      return m.queryRenderedFeatures({ layers: ['site-circle'] }).some((f) => f.id === id);
    }, site.id, { timeout: 15_000 });

    // The same form on a phone.
    await page.setViewportSize(PHONE);
    await page.goto(`${BASE}/report?lang=uk`);
    await page.locator('#report-form').waitFor({ timeout: 10_000 });
    await page.waitForFunction(() => window.__vidbudova.screen()?.map?.isStyleLoaded(), null, { timeout: 15_000 });
    await page.waitForTimeout(1500);
    await page.screenshot({ path: path.join(SHOTS, 'report-phone.png') });
    assert.deepEqual(await wcag(page), [], 'on a phone');
    // The one failure the test made itself: the dropped connection.
    assert.deepEqual(errors.filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED')), []);
  } finally {
    await close();
  }
});

test('a donor finds projects seeking funding, commits money to one, and its gap shrinks on the project page', { skip: needs(DONOR, 'DONOR') }, async () => {
  const { context, user } = await signIn(DONOR);
  const { page, errors, close } = await openPage('/fund?lang=en', { context });
  try {
    await page.locator('#table-seeking tbody tr').first().waitFor({ timeout: 15_000 });
    await page.locator('#fund-sector').selectOption('education');
    await page.waitForFunction(() => document.querySelector('#fund-status')?.textContent?.startsWith('Showing'), null, { timeout: 10_000 });
    const first = page.locator('#table-seeking tbody tr a').first();
    const id = Number(await first.getAttribute('data-id'));
    const listed = await api(`/api/v1/projects?state=seeking_funding&sort=gap&sector=education&limit=1`);
    assert.equal(id, listed.body.features[0].id, 'the largest gap comes first');
    await page.locator('#portfolio-summary').waitFor({ timeout: 20_000 });
    assert.deepEqual(await wcag(page), []);

    await first.click();
    await page.locator('#fund-form').waitFor({ timeout: 15_000 });
    const before = Number(await page.locator('#project-money .moneybar__gap').getAttribute('data-value'));
    assert.ok(before > 0, 'the project has a gap');
    await page.locator('#fund-kind').selectOption('commitment');
    await page.locator('#fund-amount').fill('1000');
    await page.locator('#fund-currency').selectOption('EUR');
    const posted = page.waitForResponse((r) => r.url().endsWith(`/api/v1/projects/${id}/funding`) && r.request().method() === 'POST');
    await page.locator('#fund-submit').click();
    const res = await posted;
    assert.equal(res.status(), 201, await res.text());
    const body = res.request().postDataJSON();
    assert.equal(body.organisation_id, user.organisation_id);
    assert.deepEqual(body.amount, { amount_minor: 100000, currency: 'EUR' });
    const funding = await res.json();
    await page.waitForFunction(
      (b) => Number(document.querySelector('#project-money .moneybar__gap')?.getAttribute('data-value')) < b,
      before,
      { timeout: 10_000 },
    );
    const afterGap = Number(await page.locator('#project-money .moneybar__gap').getAttribute('data-value'));
    assert.equal(afterGap, Math.max(0, before - funding.amount_uah_minor), 'the gap shrank by the commitment in hryvnias');
    assert.ok((await text(page.locator('#table-donors'))).includes(funding.organisation_name));
    assert.equal(await text(page.locator('#fund-status')), en['funding.saved']);
    // The page scrolls inside its own box: show it from the top, on a tall screen.
    await page.evaluate(() => document.getElementById('page').scrollTo(0, 0));
    await page.setViewportSize({ width: DESK.width, height: 1400 });
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(SHOTS, 'project-desktop.png') });
    await page.setViewportSize(DESK);
    assert.deepEqual(await wcag(page), [], 'the project page with the form passes the WCAG checks');

    // Switching the language redraws the page and keeps it in the address.
    await page.locator('#lang-uk').click();
    assert.equal(await text(page.locator('#funding-title')), uk['funding.title']);
    assert.equal(await page.locator('html').getAttribute('lang'), 'uk');
    assert.match(page.url(), new RegExp(`/projects/${id}\\?lang=uk`));
    await page.setViewportSize(PHONE);
    await page.evaluate(() => document.getElementById('page').scrollTo(0, 0));
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(SHOTS, 'project-phone.png') });
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a moderator sees the reported sites of their oblasts in a queue and verifies one', { skip: needs(MODERATOR, 'MODERATOR') }, async () => {
  const { context } = await signIn(MODERATOR);
  const { page, errors, close } = await openPage('/moderate?lang=uk', { context });
  try {
    const item = page.locator('#queue li').first();
    await item.waitFor({ timeout: 30_000 });
    const id = Number(await item.getAttribute('data-id'));
    assert.equal((await api(`/api/v1/sites/${id}`)).body.properties.verification, 'reported');
    assert.deepEqual(await wcag(page), []);
    const done = page.waitForResponse((r) => r.url().endsWith(`/api/v1/sites/${id}/verification`));
    await item.locator('.site-popup__verify').click();
    assert.equal((await done).status(), 200);
    const notice = page.locator(`#queue li[data-id="${id}"] .site-popup__notice`);
    await notice.waitFor({ timeout: 5000 });
    assert.equal(await text(notice), uk['moderation.saved.verified']);
    assert.equal((await api(`/api/v1/sites/${id}`)).body.properties.verification, 'verified');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
