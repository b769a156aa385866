// A moderator's decision on a site, from its popup: the same Verify and
// Reject as the Moderate screen's queue (moderate/decision.ts). The server
// checks the moderator's oblasts, the version the popup was drawn from
// (If-Match) and that a rejection says why; the page only offers what it would allow.
import { fetchSite, verifySite, type SiteFeature } from '../api';
import { decisionControls, type DecisionHandlers } from '../moderate/decision';

export type ModerationHandlers = DecisionHandlers<SiteFeature>;

/** moderationControls builds the Verify and Reject buttons of one site's popup. */
export function moderationControls(site: SiteFeature, handlers: ModerationHandlers): HTMLElement {
  const id = Number(site.id);
  // "site-popup-", not the queue's "site-": the ids stay unique should both be in the page.
  const key = `site-popup-${id}`;
  const titleId = `${key}-title`;
  const controls = decisionControls(
    { key, verification: site.properties.verification, titleId },
    { save: (decision, reason) => verifySite(id, site.properties.version, decision, reason), current: () => fetchSite(id) },
    handlers,
  );
  // The buttons are described by the site's name, the popup's heading
  // (site/popup.ts), which is there once the popup has taken the controls in.
  queueMicrotask(() => {
    const name = controls.parentElement?.querySelector<HTMLElement>(':scope > .site-popup__name');
    if (name && !name.id) name.id = titleId;
  });
  return controls;
}
