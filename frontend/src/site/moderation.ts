// A moderator's decision on a site, from its popup: verify it, or reject it
// with a reason. The server checks the moderator's oblasts and the version
// the popup was drawn from (If-Match); the page only offers what it would allow.
import { ApiError, fetchSite, verifySite, type Decision, type SiteFeature } from '../api';
import { forget } from '../account/session';
import { t } from '../i18n';

export interface ModerationHandlers {
  /** The decision is saved; `site` is the site as the server now has it. */
  onDecided(site: SiteFeature, decision: Decision): void;
  /** Someone changed the site meanwhile; `site` is its current version, `why` the server's words. */
  onStale(site: SiteFeature, why: string): void;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text = ''): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text) e.textContent = text;
  return e;
}

/** moderationControls builds the Verify and Reject buttons of one site's popup. */
export function moderationControls(site: SiteFeature, handlers: ModerationHandlers): HTMLElement {
  const root = el('div', 'site-popup__moderate');
  root.setAttribute('role', 'group');
  root.setAttribute('aria-label', t('moderation.label'));
  const id = Number(site.id);
  const state = site.properties.verification;

  const verify = el('button', 'site-popup__action site-popup__verify', t('moderation.verify'));
  const reject = el('button', 'site-popup__action site-popup__reject', t('moderation.reject'));
  verify.type = 'button';
  reject.type = 'button';
  reject.setAttribute('aria-expanded', 'false');

  // Rejecting asks why, so that the hromada knows what to put right.
  const form = el('form', 'site-popup__reject-form');
  form.noValidate = true;
  form.hidden = true;
  const reasonId = `reject-reason-${id}`;
  const label = el('label', 'site-popup__label', t('moderation.reason'));
  label.htmlFor = reasonId;
  const reason = el('textarea', 'site-popup__reason-input');
  reason.id = reasonId;
  reason.name = 'reason';
  reason.rows = 3;
  reason.maxLength = 2000;
  reason.required = true;
  const send = el('button', 'site-popup__action site-popup__reject-send', t('moderation.reject'));
  send.type = 'submit';
  const cancel = el('button', 'site-popup__action site-popup__reject-cancel', t('moderation.cancel'));
  cancel.type = 'button';
  const formButtons = el('div', 'site-popup__buttons');
  formButtons.append(send, cancel);
  form.append(label, reason, formButtons);

  const error = el('p', 'site-popup__error');
  error.setAttribute('role', 'alert');
  error.hidden = true;
  const errorId = `moderation-error-${id}`;
  error.id = errorId;
  reason.setAttribute('aria-describedby', errorId);

  // Only the decisions that would change something are offered.
  const buttons = el('div', 'site-popup__buttons');
  if (state !== 'verified') buttons.append(verify);
  if (state !== 'rejected') buttons.append(reject);
  root.append(buttons, form, error);

  const showError = (text: string | null): void => {
    error.textContent = text ?? '';
    error.hidden = !text;
  };
  const busy = (on: boolean, pressed?: HTMLButtonElement): void => {
    for (const b of [verify, reject, send, cancel]) b.disabled = on;
    root.setAttribute('aria-busy', String(on));
    if (pressed) pressed.textContent = on ? t('moderation.pending') : t(pressed === verify ? 'moderation.verify' : 'moderation.reject');
  };

  const decide = async (decision: Decision, why: string, pressed: HTMLButtonElement): Promise<void> => {
    showError(null);
    busy(true, pressed);
    try {
      const updated = await verifySite(id, site.properties.version, decision, why);
      handlers.onDecided(updated, decision);
    } catch (err) {
      busy(false, pressed);
      if (err instanceof ApiError && err.status === 412) {
        try {
          handlers.onStale(await fetchSite(id), err.message);
          return;
        } catch {
          // Fall through to saying what the server said about the decision.
        }
      }
      if (err instanceof ApiError && err.status === 401) {
        forget(); // the account bar says the session has ended and offers to sign in
        return;
      }
      const msg = err instanceof Error ? err.message : String(err);
      showError(t('moderation.failed', { msg }));
      if (!form.hidden) reason.focus();
      else pressed.focus();
    }
  };

  verify.addEventListener('click', () => void decide('verified', '', verify));
  reject.addEventListener('click', () => {
    form.hidden = false;
    reject.setAttribute('aria-expanded', 'true');
    reason.focus();
  });
  cancel.addEventListener('click', () => {
    form.hidden = true;
    reason.removeAttribute('aria-invalid');
    reject.setAttribute('aria-expanded', 'false');
    showError(null);
    reject.focus();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const why = reason.value.trim();
    if (!why) {
      reason.setAttribute('aria-invalid', 'true');
      showError(t('moderation.reasonMissing'));
      reason.focus();
      return;
    }
    reason.removeAttribute('aria-invalid');
    void decide('rejected', why, send);
  });
  return root;
}
