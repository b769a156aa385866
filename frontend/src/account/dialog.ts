// The sign-in dialog: a modal <dialog>, so the browser keeps focus inside it
// and closes it on Escape. Problems are shown as the server words them, in
// the page's language (every request says which).
import { ApiError } from '../api';
import { t } from '../i18n';
import { login } from './session';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', id = ''): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (id) e.id = id;
  return e;
}

export class SignInDialog {
  private readonly dialog = el('dialog', 'signin', 'signin-dialog');
  private readonly title = el('h2', 'signin__title', 'signin-title');
  private readonly form = el('form', 'signin__form');
  private readonly emailLabel = el('label', 'signin__label');
  private readonly email = el('input', 'signin__input', 'signin-email');
  private readonly passwordLabel = el('label', 'signin__label');
  private readonly password = el('input', 'signin__input', 'signin-password');
  private readonly error = el('p', 'notice notice--error signin__error', 'signin-error');
  private readonly submit = el('button', 'signin__submit', 'signin-submit');
  private readonly cancel = el('button', 'signin__cancel', 'signin-cancel');
  private pending = false;
  private returnFocus: HTMLElement | null = null;

  /** onSignedIn runs after a successful sign-in, once the dialog is closed. */
  constructor(private readonly onSignedIn: () => void) {
    this.dialog.setAttribute('aria-labelledby', 'signin-title');
    this.form.noValidate = true; // our own messages, in the page's language
    this.email.type = 'email';
    this.email.name = 'email';
    this.email.autocomplete = 'username';
    this.email.required = true;
    this.emailLabel.htmlFor = 'signin-email';
    this.password.type = 'password';
    this.password.name = 'password';
    this.password.autocomplete = 'current-password';
    this.password.required = true;
    this.passwordLabel.htmlFor = 'signin-password';
    this.error.setAttribute('role', 'alert');
    this.error.hidden = true;
    for (const input of [this.email, this.password]) input.setAttribute('aria-describedby', 'signin-error');
    this.submit.type = 'submit';
    this.cancel.type = 'button';
    this.cancel.addEventListener('click', () => this.close());

    const buttons = el('div', 'signin__buttons');
    buttons.append(this.submit, this.cancel);
    this.form.append(this.emailLabel, this.email, this.passwordLabel, this.password, this.error, buttons);
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.send();
    });
    // Escape (the browser's "cancel") and the buttons all end here.
    this.dialog.addEventListener('close', () => {
      const back = this.returnFocus;
      this.returnFocus = null;
      if (back?.isConnected) back.focus();
    });
    this.dialog.append(this.title, this.form);
    document.body.append(this.dialog);
    this.render();
  }

  get isOpen(): boolean {
    return this.dialog.open;
  }

  /** open shows the dialog; focus returns to `from` when it is closed without signing in. */
  open(from: HTMLElement | null): void {
    if (this.dialog.open) return;
    this.returnFocus = from;
    this.password.value = '';
    this.showError(null);
    this.dialog.showModal();
    (this.email.value ? this.password : this.email).focus();
  }

  close(): void {
    if (this.dialog.open) this.dialog.close();
  }

  /** render redraws every string, after a language switch. */
  render(): void {
    this.title.textContent = t('signin.title');
    this.emailLabel.textContent = t('signin.email');
    this.passwordLabel.textContent = t('signin.password');
    this.submit.textContent = t(this.pending ? 'signin.pending' : 'signin.submit');
    this.cancel.textContent = t('signin.cancel');
  }

  private showError(text: string | null, invalid: HTMLInputElement[] = []): void {
    this.error.textContent = text ?? '';
    this.error.hidden = !text;
    for (const input of [this.email, this.password]) {
      if (invalid.includes(input)) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
    invalid[0]?.focus();
  }

  private setPending(on: boolean): void {
    this.pending = on;
    this.submit.disabled = on;
    this.form.setAttribute('aria-busy', String(on));
    this.render();
  }

  private async send(): Promise<void> {
    if (this.pending) return;
    const email = this.email.value.trim();
    const password = this.password.value;
    const missing = [...(email ? [] : [this.email]), ...(password ? [] : [this.password])];
    if (missing.length) {
      this.showError(t('signin.missing'), missing);
      return;
    }
    this.setPending(true);
    try {
      await login(email, password);
      this.password.value = '';
      this.showError(null);
      this.returnFocus = null; // the control moves focus to what replaced the button
      this.close();
      this.onSignedIn();
    } catch (err) {
      this.showError(...problemText(err, this.email, this.password));
      if (err instanceof ApiError && err.status === 401) this.password.select();
    } finally {
      this.setPending(false);
    }
  }
}

/** problemText is what to say about a failed sign-in, and which inputs it is about. */
function problemText(err: unknown, email: HTMLInputElement, password: HTMLInputElement): [string, HTMLInputElement[]] {
  if (!(err instanceof ApiError)) return [t('signin.network'), []];
  const field = err.problem.field ?? err.problem.errors?.[0]?.field;
  const about = field === 'email' ? [email] : field === 'password' || err.status === 401 ? [password] : [];
  let text = err.message;
  if (err.status === 429 && err.retryAfter) text += ' ' + t('signin.retry', { n: Math.ceil(err.retryAfter / 60) });
  return [text, about];
}
