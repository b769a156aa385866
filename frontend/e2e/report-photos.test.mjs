// Browser test of the photos of a report: an editor, on a phone, reports a
// damaged site with photos; the first upload is lost, a reload loses the
// chosen files, and the photos still reach the one site made, which then
// shows them in its popup on the map, and on the page of a project on the
// site, beside a photo of the work. Needs VIDBUDOVA_URL and the editor's
// VIDBUDOVA_E2E_EDITOR_EMAIL / _PASSWORD (see screens.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { BASE, skip, uk, account, launch, api, wcag } from './support.mjs';

const SHOTS = path.join(import.meta.dirname, 'out');
const PHONE = { width: 390, height: 844 };
const EDITOR = account('EDITOR');
const needs = skip || (EDITOR.email && EDITOR.password ? false : 'VIDBUDOVA_E2E_EDITOR_EMAIL / _PASSWORD are not set');

let browser;

before(async () => {
  if (!needs) browser = await launch(SHOTS);
});

after(async () => {
  await browser?.close();
});

const text = async (locator) => (await locator.textContent()).trim();

/** picture draws a small picture in the page and returns it as a file in the given type. */
async function picture(page, type, colour) {
  const url = await page.evaluate(
    ([type, colour]) => {
      const c = document.createElement('canvas');
      c.width = 96;
      c.height = 64;
      const g = c.getContext('2d');
      g.fillStyle = colour;
      g.fillRect(0, 0, 96, 64);
      g.fillStyle = '#ffffff';
      g.fillRect(24, 16, 48, 32);
      return c.toDataURL(type, 0.9);
    },
    [type, colour],
  );
  assert.ok(url.startsWith(`data:${type};base64,`), `the browser made a ${type}`);
  return Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
}

test('an editor reports a site with a photo; a lost upload and a reload make no second site; the popup and a project page show the photo', { skip: needs }, async () => {
  const context = await browser.newContext({ viewport: PHONE, hasTouch: true });
  const login = await context.request.post(`${BASE}/api/v1/auth/login`, { data: EDITOR });
  assert.equal(login.status(), 200, `sign-in as ${EDITOR.email}`);
  const { user, csrf_token: csrf } = await login.json();
  const hromada = user.hromada_codes[0];
  const oblast = (await api('/api/v1/oblasts?zoom=5')).body.features.find((f) => f.properties.code.slice(0, 4) === hromada.slice(0, 4)).properties.code;
  const h = (await api(`/api/v1/oblasts/${oblast}/hromadas?zoom=12`)).body.features.find((f) => f.properties.code === hromada);
  // Beside the hromada's point, where no demo site lies under the new one.
  const [lon, lat] = [h.properties.label_point[0] + 0.0031, h.properties.label_point[1] + 0.0017];

  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().includes('GL Driver') && !msg.text().includes('ERR_INTERNET_DISCONNECTED')) errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  const siteCreates = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/sites') siteCreates.push(r.headers()['idempotency-key']);
  });
  try {
    await page.goto(`${BASE}/report?lang=uk`);
    await page.locator('#report-form').waitFor({ timeout: 10_000 });
    await page.waitForFunction(() => window.__vidbudova.screen()?.map?.isStyleLoaded(), null, { timeout: 15_000 });
    await page.evaluate(([lon, lat]) => window.__vidbudova.screen().map.jumpTo({ center: [lon, lat], zoom: 16 }), [lon, lat]);
    const box = await page.locator('#report-map').boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.locator('#report-where').filter({ hasText: /\d+\.\d{5}/ }).waitFor({ timeout: 5000 });
    await page.locator('#report-category').selectOption('education');
    await page.locator('#report-damage').selectOption('destroyed');
    await page.locator('#report-name').fill('e2e: школа з фото');

    // The photo field: labelled, for the camera and for the gallery.
    assert.equal(await page.getByLabel(uk['report.takePhoto'], { exact: true }).getAttribute('capture'), 'environment');
    const chooser = page.getByLabel(uk['report.choosePhotos'], { exact: true });
    assert.equal(await chooser.getAttribute('accept'), 'image/*');
    const jpeg = await picture(page, 'image/jpeg', '#b3261e');
    const png = await picture(page, 'image/png', '#0057b7');
    await chooser.setInputFiles([
      { name: 'school.jpg', mimeType: 'image/jpeg', buffer: jpeg },
      { name: 'plan.png', mimeType: 'image/png', buffer: png },
    ]);
    // Thumbnails before sending, each with a way to remove it.
    const chosen = page.locator('#report-photo-list li');
    await chosen.nth(1).waitFor({ timeout: 5000 });
    assert.equal(await chosen.count(), 2);
    assert.equal(await chosen.nth(0).locator('img').getAttribute('alt'), uk['report.photoAlt'].replace('{n}', '1').replace('{name}', 'school.jpg'));
    assert.match(await chosen.nth(0).locator('img').getAttribute('src'), /^blob:/);
    await chosen.nth(1).getByRole('button', { name: uk['report.removePhoto'].replace('{n}', '2').replace('{name}', 'plan.png') }).click();
    assert.equal(await chosen.count(), 1);
    const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('vidbudova.report')));
    assert.deepEqual(kept.photoNames, ['school.jpg'], 'the draft keeps the names of the photos, not the files');
    assert.deepEqual(await wcag(page), [], 'the form with a chosen photo passes the WCAG checks');
    await page.locator('#report-photos-field').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'report-photos-phone.png') });

    // The site is made; the connection drops while its photo goes.
    let uploads = 0;
    await page.route('**/api/v1/sites/*/photos', (route) => {
      uploads += 1;
      return uploads === 1 ? route.abort('internetdisconnected') : route.continue();
    });
    const created = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/sites' && r.request().method() === 'POST');
    await page.locator('#report-submit').click();
    const site = await (await created).json();
    await page.locator('#report-error').waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await text(page.locator('#report-error')), uk['report.photosFailed']);
    assert.match(await text(page.locator('#report-pending')), new RegExp(`№ ${site.id}`));
    const pending = await page.evaluate(() => JSON.parse(localStorage.getItem('vidbudova.report')));
    assert.equal(pending.siteId, site.id, 'the draft knows the site is made');
    assert.deepEqual(pending.photoNames, ['school.jpg']);

    // A reload loses the file, says so, and the photo chosen again goes to the same site.
    await page.reload();
    const again = page.locator('#report-photos-again');
    await again.waitFor({ timeout: 10_000 });
    assert.equal(await text(again), uk['report.photosAgain'].replace('{names}', 'school.jpg'));
    assert.equal(await page.locator('#report-form').count(), 0, 'the site is not offered to be made again');
    await page.getByLabel(uk['report.choosePhotos'], { exact: true }).setInputFiles([{ name: 'school.jpg', mimeType: 'image/jpeg', buffer: jpeg }]);
    await page.locator('#report-photo-list li').first().waitFor({ timeout: 5000 });
    // The upload is slowed down so that its progress can be seen.
    await page.unroute('**/api/v1/sites/*/photos');
    let release;
    const held = new Promise((resolve) => (release = resolve));
    await page.route('**/api/v1/sites/*/photos', async (route) => {
      await held;
      return route.continue();
    });
    const uploaded = page.waitForResponse((r) => /\/api\/v1\/sites\/\d+\/photos$/.test(new URL(r.url()).pathname));
    await page.locator('#report-send-photos').click();
    await page.locator('#report-progress').waitFor({ state: 'visible', timeout: 5000 });
    assert.equal(await text(page.locator('#report-status')), uk['report.uploading'].replace('{i}', '1').replace('{n}', '1'));
    release();
    const res = await uploaded;
    assert.equal(res.status(), 201, await res.text());
    assert.equal(res.request().headers()['x-csrf-token'], csrf);
    assert.equal(new URL(res.url()).pathname, `/api/v1/sites/${site.id}/photos`);
    const [photo] = (await res.json()).photos;

    await page.locator('#report-sent').waitFor({ timeout: 5000 });
    await page.screenshot({ path: path.join(SHOTS, 'report-photos-sent.png') });
    assert.equal(await page.locator('#report-sent-photos img').getAttribute('src'), photo.thumb_href);
    assert.equal(await page.evaluate(() => localStorage.getItem('vidbudova.report')), null, 'the finished report leaves storage');
    assert.equal(siteCreates.length, 1, 'the site was sent once');

    // The site, read alone, lists the photo; the map's popup shows it.
    const read = await context.request.get(`${BASE}/api/v1/sites/${site.id}`);
    assert.deepEqual((await read.json()).properties.photos.map((p) => p.id), [photo.id]);
    await page.locator('#report-onmap').click();
    const at = await page.waitForFunction(
      (id) => {
        const m = window.__vidbudova?.map;
        if (!m?.loaded() || m.isMoving()) return false;
        const f = m.queryRenderedFeatures({ layers: ['site-circle'] }).find((x) => x.id === id);
        if (!f) return false;
        const p = m.project(f.geometry.coordinates);
        return { x: p.x, y: p.y };
      },
      site.id,
      { timeout: 30_000 },
    );
    const { x, y } = await at.jsonValue();
    const mapBox = await page.locator('#map').boundingBox();
    await page.mouse.click(mapBox.x + x, mapBox.y + y);
    const popup = page.locator('.maplibregl-popup .site-popup');
    await popup.waitFor({ timeout: 10_000 });
    assert.equal(await text(popup.locator('.site-popup__name')), 'e2e: школа з фото');
    const thumb = popup.locator('.site-popup__photos img');
    await thumb.waitFor({ timeout: 10_000 });
    assert.equal(await thumb.getAttribute('src'), photo.thumb_href);
    assert.equal(await thumb.getAttribute('alt'), uk['popup.photo'].replace('{n}', '1').replace('{name}', 'e2e: школа з фото'));
    await page.waitForFunction(() => document.querySelector('.site-popup__photos img')?.naturalWidth > 0, null, { timeout: 10_000 });
    assert.equal(await popup.locator('.site-popup__photos a').getAttribute('href'), photo.href);
    await page.screenshot({ path: path.join(SHOTS, 'report-photos-popup.png') });

    // A project on the site, and an update of the work with its own photo:
    // the project's page shows the reported photo before, the update's after.
    const made = await context.request.post(`${BASE}/api/v1/projects`, {
      headers: { 'X-CSRF-Token': csrf },
      data: { title: 'e2e: відбудова школи з фото', sector: 'education', site_ids: [site.id] },
    });
    assert.equal(made.status(), 201, await made.text());
    const projectId = (await made.json()).id;
    const posted = await context.request.post(`${BASE}/api/v1/projects/${projectId}/updates`, {
      headers: { 'X-CSRF-Token': csrf },
      multipart: { body: 'Дах накрито.', date: '2026-06-01', photos: { name: 'roof.png', mimeType: 'image/png', buffer: await picture(page, 'image/png', '#2e7d32') } },
    });
    assert.equal(posted.status(), 201, await posted.text());
    const [work] = (await posted.json()).photos;
    await page.goto(`${BASE}/projects/${projectId}?lang=uk`);
    const beforeImg = page.locator('#photos-before img');
    await beforeImg.waitFor({ timeout: 10_000 });
    assert.equal(await beforeImg.getAttribute('src'), photo.thumb_href);
    assert.equal(await beforeImg.getAttribute('alt'), uk['photos.beforeAlt'].replace('{n}', '1').replace('{name}', 'e2e: школа з фото'));
    assert.equal(await page.locator('#photos-after img').getAttribute('src'), work.thumb_href);
    assert.match(await text(page.locator('#photos-after h3')), /2026/);
    assert.deepEqual(await wcag(page), [], 'the project page with its photos passes the WCAG checks');
    await page.locator('#project-photos').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'project-photos-phone.png') });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
