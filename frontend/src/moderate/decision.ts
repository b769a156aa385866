// A moderator's decision on one report of the queue, a site or a project:
// Verify it, or Reject it with a reason. The server decides what is allowed
// (the moderator's oblasts, the version the queue was drawn from, If-Match)
// and whether a reason is needed: its problem+json words are shown next to
// the field they are about.
import { forget } from '../account/session';
import { ApiError, type Decision, type Verification } from '../api';
import { t } from '../i18n';
import { h } from '../ui/dom';

/** Decidable is what the controls read of a report. */
export interface Decidable {
  /** key is unique in the page ("site-12", "project-12"): the ids of the controls' elements start with it. */
  key: string;
  verification: Verification;
  /** titleId names the element that says which report it is; the buttons are described by it. */
  titleId: string;
}

/** DecisionCalls are the two calls the controls make, for a site or a project. */
export interface DecisionCalls<T> {
  /** save records the decision on the version the queue was drawn from. */
  save(decision: Decision, reason: string): Promise<T>;
  /** current reads the report again, after someone else changed it. */
  current(): Promise<T>;
}

export interface DecisionHandlers<T> {
  /** The decision is saved; `updated` is the report as the server now has it. */
  onDecided(updated: T, decision: Decision): void;
  /** Someone changed the report meanwhile; `current` is its current version, `why` the server's words. */
  onStale(current: T, why: string): void;
}

/**
 * reasonProblem is the server's word about the reason, when the answer was
 * a problem about that field (a rejection without a reason, say), or null.
 */
export function reasonProblem(err: unknown): string | null {
  if (!(err instanceof ApiError)) return null;
  const p = err.problem;
  if (p.field === 'reason') return p.detail || err.message;
  return p.errors?.find((e) => e.field === 'reason')?.reason ?? null;
}

/** decisionControls builds the Verify and Reject buttons, the reason form and the error messages of one report. */
export function decisionControls<T>(subject: Decidable, calls: DecisionCalls<T>, handlers: DecisionHandlers<T>): HTMLElement {
  const k = subject.key;
  const root = h('div', 'site-popup__moderate', { role: 'group', 'aria-label': t('moderation.label') });

  const verify = h('button', 'site-popup__action site-popup__verify', { type: 'button', 'aria-describedby': subject.titleId }, t('moderation.verify'));
  const reject = h('button', 'site-popup__action site-popup__reject', {
    type: 'button',
    'aria-describedby': subject.titleId,
    'aria-expanded': 'false',
    'aria-controls': `${k}-reject`,
  }, t('moderation.reject'));

  // Rejecting asks why, so that the hromada knows what to put right. The
  // server says when the reason is missing: its message goes right under the field.
  const reasonId = `${k}-reason`;
  const reason = h('textarea', 'site-popup__reason-input', { id: reasonId, name: 'reason', rows: 3, maxlength: 2000 });
  const reasonError = h('p', 'site-popup__error', { id: `${reasonId}-error`, role: 'alert' });
  reasonError.hidden = true;
  const error = h('p', 'site-popup__error', { id: `${k}-error`, role: 'alert' });
  error.hidden = true;
  reason.setAttribute('aria-describedby', `${reasonError.id} ${error.id}`);
  const send = h('button', 'site-popup__action site-popup__reject-send', { type: 'submit' }, t('moderation.reject'));
  const cancel = h('button', 'site-popup__action site-popup__reject-cancel', { type: 'button' }, t('moderation.cancel'));
  const form = h(
    'form',
    'site-popup__reject-form',
    { id: `${k}-reject` },
    h('label', 'site-popup__label', { for: reasonId }, t('moderation.reason')),
    reason,
    reasonError,
    h('div', 'site-popup__buttons', {}, send, cancel),
  );
  form.noValidate = true;
  form.hidden = true;

  // Only the decisions that would change something are offered.
  const buttons = h('div', 'site-popup__buttons');
  if (subject.verification !== 'verified') buttons.append(verify);
  if (subject.verification !== 'rejected') buttons.append(reject);
  root.append(buttons, form, error);

  const show = (el: HTMLElement, text: string | null): void => {
    el.textContent = text ?? '';
    el.hidden = !text;
  };
  const showReasonError = (text: string | null): void => {
    show(reasonError, text);
    if (text) reason.setAttribute('aria-invalid', 'true');
    else reason.removeAttribute('aria-invalid');
  };
  const busy = (on: boolean, pressed: HTMLButtonElement): void => {
    for (const b of [verify, reject, send, cancel]) b.disabled = on;
    root.setAttribute('aria-busy', String(on));
    pressed.textContent = on ? t('moderation.pending') : t(pressed === verify ? 'moderation.verify' : 'moderation.reject');
  };

  const decide = async (decision: Decision, why: string, pressed: HTMLButtonElement): Promise<void> => {
    show(error, null);
    showReasonError(null);
    busy(true, pressed);
    try {
      const updated = await calls.save(decision, why);
      handlers.onDecided(updated, decision);
    } catch (err) {
      busy(false, pressed);
      if (err instanceof ApiError && err.status === 412) {
        try {
          handlers.onStale(await calls.current(), err.message);
          return;
        } catch {
          // Fall through to saying what the server said about the decision.
        }
      }
      if (err instanceof ApiError && err.status === 401) {
        forget(); // the account bar says the session has ended and offers to sign in
        return;
      }
      const aboutReason = decision === 'rejected' ? reasonProblem(err) : null;
      if (aboutReason) {
        showReasonError(aboutReason);
        reason.focus();
        return;
      }
      show(error, t('moderation.failed', { msg: err instanceof Error ? err.message : String(err) }));
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
    reject.setAttribute('aria-expanded', 'false');
    show(error, null);
    showReasonError(null);
    reject.focus();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void decide('rejected', reason.value.trim(), send);
  });
  return root;
}
