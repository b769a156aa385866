// Browser tests of the Moderate screen's project queue against a running
// Vidbudova server with the demo data (whose projects all start reported).
// VIDBUDOVA_URL names the server;
//   VIDBUDOVA_E2E_MODERATOR_EMAIL / _PASSWORD  a moderator of every oblast
// The moderator signs in once here (the server allows 5 attempts in 15 minutes).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, skip, uk, en, account, launch, api, wcag } from './support.mjs';
import path from 'node:path';

const OUT = path.join(import.meta.dirname, 'out');
const MODERATOR = account('MODERATOR');
const needs = skip || (MODERATOR.email && MODERATOR.password ? false : 'VIDBUDOVA_E2E_MODERATOR_EMAIL / _PASSWORD are not set');

let browser;

before(async () => {
  if (!skip) browser = await launch(OUT);
});

after(async () => {
  await browser?.close();
});

/**
 * The console errors the page expects: the browser reports every 4xx, and a
 * rejection without a reason is one (422 of a project's verification).
 */
function expected(msg) {
  const m = /status of (\d{3})/.exec(msg.text());
  if (!m) return false;
  const { pathname } = new URL(msg.location().url || 'about:blank', BASE || 'http://localhost');
  return (Number(m[1]) === 401 && pathname === '/api/v1/auth/me') || (Number(m[1]) === 422 && /^\/api\/v1\/projects\/\d+\/verification$/.test(pathname));
}

const text = async (locator) => (await locator.textContent()).trim();

/** verificationOnPage is what the project page says under "verification". */
const verificationOnPage = (page) => page.locator('#project-facts dt', { hasText: uk['popup.verification'] }).locator('xpath=following-sibling::dd[1]');

/** focused says which element has the focus: its id, or its class when it has none. */
const focused = (page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.className || '');

test('a moderator verifies a reported project, is told why a rejection needs a reason, and rejects another with one', { skip: needs }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const login = await context.request.post(`${BASE}/api/v1/auth/login`, { data: MODERATOR });
  assert.equal(login.status(), 200, `sign-in as ${MODERATOR.email}`);
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !expected(msg) && !msg.text().includes('GL Driver')) errors.push(`console: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  try {
    await page.goto(`${BASE}/moderate?lang=uk`);
    const queue = page.locator('#project-queue');
    await queue.locator('li').first().waitFor({ timeout: 60_000 });
    assert.equal(await text(page.locator('#project-queue-title')), uk['moderate.projects.title']);
    assert.ok(await page.locator('#queue li').count() > 0, 'the reported sites are still listed');
    const ids = await queue.locator(':scope > li').evaluateAll((lis) => lis.map((li) => Number(li.dataset.id)));
    assert.ok(ids.length >= 2, `at least two reported projects are listed, got ${ids.length}`);
    const [first, second] = ids;
    for (const id of [first, second]) assert.equal((await api(`/api/v1/projects/${id}`)).body.properties.verification, 'reported');
    const shown = (await api(`/api/v1/projects/${first}`)).body.properties;
    const item = queue.locator(`li[data-id="${first}"]`);
    assert.equal(await text(item.locator('.queue__title')), shown.title);
    assert.match(await item.locator('.queue__link').getAttribute('href'), new RegExp(`^/projects/${first}\\?lang=uk$`));
    assert.ok((await text(item.locator('.queue__facts'))).includes(uk[`category.${shown.sector}`]), 'the sector is shown');
    assert.deepEqual(await wcag(page), [], 'the queues pass the WCAG checks');

    // English too.
    await page.locator('#lang-en').click();
    assert.equal(await text(page.locator('#project-queue-title')), en['moderate.projects.title']);
    assert.equal(await text(item.locator('.site-popup__verify')), en['moderation.verify']);
    await page.locator('#lang-uk').click();
    assert.equal(await text(page.locator('#project-queue-title')), uk['moderate.projects.title']);

    // Verify: the item says so, takes the focus, and the project page shows it verified.
    const verified = page.waitForResponse((r) => r.url().endsWith(`/api/v1/projects/${first}/verification`));
    await item.locator('.site-popup__verify').click();
    assert.equal((await verified).status(), 200);
    const notice = item.locator('.site-popup__notice');
    await notice.waitFor({ timeout: 5000 });
    assert.equal(await text(notice), uk['moderate.projects.verified']);
    assert.equal(await focused(page), 'site-popup__notice', 'the focus moves to what the decision did');
    assert.equal((await api(`/api/v1/projects/${first}`)).body.properties.verification, 'verified');
    await item.locator('.queue__link').click();
    await page.waitForURL(new RegExp(`/projects/${first}\\?lang=uk$`));
    await page.locator('#project-facts').waitFor({ timeout: 15_000 });
    assert.equal(await text(verificationOnPage(page)), uk['verification.verified']);

    // Back in the queue, the verified project is gone and the second waits.
    await page.goBack();
    await queue.locator(`li[data-id="${second}"]`).waitFor({ timeout: 60_000 });
    assert.equal(await queue.locator(`li[data-id="${first}"]`).count(), 0);

    // Reject without a reason: the server's message shows under the reason field.
    const other = queue.locator(`li[data-id="${second}"]`);
    await other.locator('.site-popup__reject').click();
    const reason = page.locator(`#project-${second}-reason`);
    assert.equal(await focused(page), `project-${second}-reason`, 'Reject opens the reason field and puts the focus in it');
    assert.equal(await other.locator('.site-popup__reject').getAttribute('aria-expanded'), 'true');
    const refused = page.waitForResponse((r) => r.url().endsWith(`/api/v1/projects/${second}/verification`));
    await other.locator('.site-popup__reject-send').click();
    const answer = await refused;
    assert.equal(answer.status(), 422);
    const problem = await answer.json();
    assert.equal(problem.field, 'reason');
    const fieldError = page.locator(`#project-${second}-reason-error`);
    await fieldError.waitFor({ state: 'visible', timeout: 5000 });
    assert.equal(await text(fieldError), problem.detail, "the API's own words");
    assert.equal(await reason.getAttribute('aria-invalid'), 'true');
    assert.match(await reason.getAttribute('aria-describedby'), new RegExp(`\\bproject-${second}-reason-error\\b`));
    assert.equal(await focused(page), `project-${second}-reason`);
    assert.equal((await api(`/api/v1/projects/${second}`)).body.properties.verification, 'reported');

    // With a reason the rejection is saved, and the project page shows it rejected.
    const why = 'Кошторис не відповідає обсягу робіт; додайте дефектний акт.';
    await reason.fill(why);
    const rejected = page.waitForResponse((r) => r.url().endsWith(`/api/v1/projects/${second}/verification`));
    await other.locator('.site-popup__reject-send').click();
    assert.equal((await rejected).status(), 200);
    await other.locator('.site-popup__notice').waitFor({ timeout: 5000 });
    assert.equal(await text(other.locator('.site-popup__notice')), uk['moderate.projects.rejected']);
    const decided = (await api(`/api/v1/projects/${second}`)).body.properties;
    assert.equal(decided.verification, 'rejected');
    assert.equal(decided.verification_reason, why);
    await other.locator('.queue__link').click();
    await page.waitForURL(new RegExp(`/projects/${second}\\?lang=uk$`));
    await page.locator('#project-facts').waitFor({ timeout: 15_000 });
    assert.equal(await text(verificationOnPage(page)), uk['verification.rejected']);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
