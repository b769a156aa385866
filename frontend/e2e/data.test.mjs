// Browser test of the Data page (/data) against a running Vidbudova server
// with the demo data: its links in both languages, a selection carried from
// Explore, and the sites CSV it links to.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, skip, uk, en, launch, api, wcag } from './support.mjs';
import fs from 'node:fs';
import path from 'node:path';

const KHARKIV = 'UA63000000000041885';



let browser;

before(async () => {
  if (!skip) browser = await launch();
});

after(async () => {
  await browser?.close();
});

async function openPage(url) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await ctx.newPage();
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error' || msg.text().includes('GL Driver')) return;
    // A visitor's /auth/me answers 401.
    if (/status of 401/.test(msg.text()) && new URL(msg.location().url || 'about:blank', BASE).pathname === '/api/v1/auth/me') return;
    errors.push(`console: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  await page.goto(BASE + url);
  return { page, errors, close: () => ctx.close() };
}

const text = async (locator) => (await locator.textContent()).trim();
const hrefOf = (page, id) => page.locator(`#${id}`).getAttribute('href');

test('the Data page explains every download, in Ukrainian and in English', { skip }, async () => {
  const { page, errors, close } = await openPage('/data?lang=uk');
  try {
    await page.locator('#data-iati-list a').first().waitFor();
    assert.equal(await text(page.locator('#data-title')), uk['data.title']);
    assert.equal(await text(page.locator('#nav-data')), uk['nav.data']);
    assert.equal(await page.locator('#nav-data').getAttribute('aria-current'), 'page');
    assert.equal(await text(page.locator('#data-selection')), `${uk['data.selectionTitle']}${uk['data.selectionAll']}`);

    const links = {
      'data-sites-csv': '/api/v1/export/sites.csv',
      'data-sites-hxl': '/api/v1/export/sites.csv?hxl=1',
      'data-sites-geojson': '/api/v1/export/sites.geojson',
      'data-projects-csv': '/api/v1/export/projects.csv',
      'data-projects-geojson': '/api/v1/export/projects.geojson',
      'data-oc4ids-link': '/api/v1/export/oc4ids.json',
      'data-ogc': '/ogc',
      'data-tiles-sites': '/tiles/sites.json',
      'data-tiles-projects': '/tiles/projects.json',
      'data-tiles-oblasts': '/tiles/oblasts.json',
      'data-tiles-hromadas': '/tiles/hromadas.json',
      'data-docs': '/api/docs',
    };
    for (const [id, url] of Object.entries(links)) assert.equal(await hrefOf(page, id), url, id);
    const orgs = (await (await fetch(`${BASE}/api/v1/organisations?limit=1000`)).json()).organisations;
    assert.ok(orgs.length > 0, 'the demo data has organisations');
    assert.equal(await page.locator('#data-iati-list li').count(), orgs.length);
    assert.equal(await hrefOf(page, `data-iati-${orgs[0].id}`), `/api/v1/export/iati/${orgs[0].id}.xml`);
    assert.equal(await hrefOf(page, `data-org-feed-${orgs[0].id}`), `/api/v1/feeds/organisations/${orgs[0].id}.atom`);
    const body = await text(page.locator('#page'));
    for (const k of ['data.noteCsv', 'data.noteHxl', 'data.noteCoords', 'data.noteSensitive', 'data.licenceBoundaries', 'data.licenceKatotth']) assert.ok(body.includes(uk[k]), k);
    assert.ok(body.includes('/api/v1/feeds/projects/{id}.atom'));
    assert.ok(body.includes(`ogrinfo OAPIF:${BASE}/ogc`));
    assert.deepEqual(await wcag(page), []);

    await page.locator('#lang-en').click();
    assert.equal(await text(page.locator('#data-title')), en['data.title']);
    assert.equal(await text(page.locator('#nav-data')), en['nav.data']);
    assert.equal(await text(page.locator('#data-tables-title')), en['data.tablesTitle']);
    assert.equal(await text(page.locator('#data-licence-title')), en['data.licenceTitle']);
    assert.equal(await hrefOf(page, 'data-sites-csv'), '/api/v1/export/sites.csv');
    assert.match(page.url(), /[?&]lang=en/);

    // The link answers the CSV: UTF-8 with its byte order mark first.
    const res = await fetch(BASE + (await hrefOf(page, 'data-sites-csv')));
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/csv/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('Explore’s selection travels to the Data page and into its links', { skip }, async () => {
  const { page, errors, close } = await openPage(`/?lang=en#oblast=${KHARKIV}&category=housing&state=seeking_funding`);
  try {
    await page.locator('#downloads-about').click();
    await page.locator('#data-selection-facts').waitFor();
    assert.equal(new URL(page.url()).pathname, '/data');
    assert.equal(await hrefOf(page, 'data-sites-csv'), `/api/v1/export/sites.csv?oblast=${KHARKIV}&category=housing`);
    assert.equal(await hrefOf(page, 'data-sites-hxl'), `/api/v1/export/sites.csv?oblast=${KHARKIV}&category=housing&hxl=1`);
    assert.equal(await hrefOf(page, 'data-projects-geojson'), `/api/v1/export/projects.geojson?oblast=${KHARKIV}&state=seeking_funding`);
    assert.equal(await hrefOf(page, 'data-feed-oblast'), `/api/v1/feeds/oblasts/${KHARKIV}.atom`);
    assert.equal(await page.locator('#nav-data').getAttribute('aria-current'), 'page');
    const res = await fetch(BASE + (await hrefOf(page, 'data-sites-hxl')));
    assert.equal(res.status, 200);
    const [, hxl] = (await res.text()).replace(/^\ufeff/, '').split(/\r?\n/);
    assert.match(hxl, /^#meta\+id,/);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
