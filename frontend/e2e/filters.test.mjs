// Browser tests of the Explore filters the area figures cannot keep
// totals for: a span of dates of damage and a donor. The server counts
// the selection afresh, so the colours, the totals, the tiles, the list
// and the address all follow them. VIDBUDOVA_URL names the server (with
// the demo data).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { BASE, skip, launch, api } from './support.mjs';

const KHARKIV = 'UA63000000000041885';
let browser;

before(async () => {
  if (!skip) browser = await launch(path.join(import.meta.dirname, 'out'));
});

after(async () => {
  await browser?.close();
});

/** settled waits until the map has its oblasts (and the oblast asked for) and stands still. */
async function settled(page, oblast) {
  await page.waitForFunction(
    (o) => {
      const v = window.__vidbudova;
      const s = v?.state();
      return !!s?.ready && v.map.loaded() && !v.map.isMoving() && (o === undefined || s.oblast === o);
    },
    oblast,
    { timeout: 30_000 },
  );
}

const totalIs = (page, n) =>
  page.waitForFunction((v) => document.querySelector('#place-total')?.getAttribute('data-value') === v, String(n), { timeout: 15_000 });

test('a span of dates of damage narrows the totals, the tiles and the address, and a link keeps it', { skip }, async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  try {
    await page.goto(`${BASE}/?lang=uk#oblast=${KHARKIV}`);
    await settled(page, KHARKIV);
    const all = (await api('/api/v1/oblasts?zoom=5')).body.features.find((f) => f.properties.code === KHARKIV).properties;
    const span = 'damaged_from=2022-03-01&damaged_to=2022-06-30';
    const some = (await api(`/api/v1/oblasts?zoom=5&${span}`)).body.features.find((f) => f.properties.code === KHARKIV).properties;
    assert.ok(some.sites > 0 && some.sites < all.sites, `the demo data has Kharkiv sites in and out of the span: ${some.sites} of ${all.sites}`);
    await totalIs(page, all.sites);

    await page.locator('#filters summary').click();
    await page.locator('#filter-from').fill('2022-03-01');
    await page.locator('#filter-to').fill('2022-06-30');
    await page.locator('#filter-to').dispatchEvent('change');
    await totalIs(page, some.sites);
    assert.match(page.url(), /from=2022-03-01&to=2022-06-30/);
    assert.match(await page.locator('#filter-note').textContent(), /лише вибране/);
    const tiles = await page.evaluate(() => window.__vidbudova.map.getStyle().sources.sites.tiles[0]);
    assert.match(tiles, /damaged_from=2022-03-01&damaged_to=2022-06-30/, 'the tiles are asked with the span');
    const row = page.locator('#table-areas tbody tr').first();
    const code = await row.getAttribute('data-code');
    const hs = (await api(`/api/v1/oblasts/${KHARKIV}/hromadas?zoom=8&${span}`)).body.features;
    const want = hs.find((f) => f.id === code).properties.sites;
    assert.equal((await row.locator('td').first().textContent()).replace(/\s/g, ''), String(want), 'the hromada table counts the span');

    // The link reopens the same selection.
    const link = page.url();
    const again = await ctx.newPage();
    await again.goto(link);
    await settled(again, KHARKIV);
    await totalIs(again, some.sites);
    assert.equal(await again.locator('#filter-from').inputValue(), '2022-03-01');
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
  }
});

test('a donor narrows the projects on the map and the money of the areas to its own', { skip }, async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await ctx.newPage();
  try {
    const orgs = (await api('/api/v1/organisations?limit=1000')).body.organisations;
    // The demo donor with the fewest projects, so that the filter visibly narrows.
    let donor = null;
    for (const o of orgs.filter((x) => x.demo)) {
      const n = (await api(`/api/v1/projects?donor=${o.id}&limit=1000`)).body.features.length;
      if (n > 0 && (donor === null || n < donor.n)) donor = { ...o, n };
    }
    assert.ok(donor, 'the demo data has a donor with projects');
    const country = (q) => api(`/api/v1/oblasts?zoom=5${q}`).then((r) => r.body.features.reduce((n, f) => n + f.properties.projects, 0));
    const allProjects = await country('');
    const donorProjects = await country(`&donor=${donor.id}`);
    assert.ok(donorProjects > 0 && donorProjects < allProjects, `the donor's ${donorProjects} of ${allProjects} projects`);

    await page.goto(`${BASE}/?lang=en#layer=projects`);
    await settled(page);
    await page.locator('#filters summary').click();
    await page.locator(`#filter-donor option[value="${donor.id}"]`).waitFor({ state: 'attached', timeout: 10_000 });
    await page.locator('#filter-donor').selectOption(String(donor.id));
    assert.match(page.url(), new RegExp(`donor=${donor.id}`));
    await page.waitForFunction(
      (n) => (document.querySelector('#place-projects')?.textContent ?? '').replace(/\s/g, '').includes(String(n)),
      donorProjects,
      { timeout: 15_000 },
    ).catch(async () => assert.fail(`the projects line says "${await page.locator('#place-projects').textContent()}", want ${donorProjects}`));
    const tiles = await page.evaluate(() => window.__vidbudova.map.getStyle().sources.projects.tiles[0]);
    assert.match(tiles, new RegExp(`donor=${donor.id}`), 'the project tiles are asked with the donor');
  } finally {
    await ctx.close();
  }
});
