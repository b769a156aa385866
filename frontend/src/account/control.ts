// The account bar in the panel's header: "Sign in" for the public; the
// account's name, role and "Sign out" once signed in.
import type { User } from '../api';
import { t, type MessageKey } from '../i18n';
import { SignInDialog } from './dialog';
import { currentUser, logout, onAccountChange } from './session';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', id = ''): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (id) e.id = id;
  return e;
}

export class AccountControl {
  private readonly signInButton = el('button', 'account__button', 'signin-open');
  private readonly who = el('p', 'account__who', 'account');
  private readonly name = el('span', 'account__name', 'account-name');
  private readonly role = el('span', 'account__role', 'account-role');
  private readonly signOutButton = el('button', 'account__button', 'signout');
  private readonly error = el('p', 'account__error', 'account-error');
  private readonly dialog: SignInDialog;
  private errorKey: MessageKey | null = null;

  constructor(private readonly root: HTMLElement) {
    this.root.setAttribute('role', 'group');
    this.signInButton.type = 'button';
    this.signInButton.setAttribute('aria-haspopup', 'dialog');
    this.signInButton.addEventListener('click', () => this.dialog.open(this.signInButton));
    this.signOutButton.type = 'button';
    this.signOutButton.addEventListener('click', () => void this.signOut());
    this.error.setAttribute('role', 'alert');
    this.who.append(this.name, ' ', this.role);
    this.root.append(this.signInButton, this.who, this.signOutButton, this.error);
    // After signing in, focus goes to what took the place of the button.
    this.dialog = new SignInDialog(() => this.signOutButton.focus());
    onAccountChange((_u, why) => {
      this.errorKey = why === 'expired' ? 'account.expired' : null;
      this.render();
    });
    this.render();
  }

  /** render redraws the bar for the current account and language. */
  render(): void {
    const u: User | null = currentUser();
    this.root.setAttribute('aria-label', t('account.label'));
    this.signInButton.textContent = t('account.signIn');
    this.signOutButton.textContent = t('account.signOut');
    this.signInButton.hidden = u !== null;
    this.who.hidden = u === null;
    this.signOutButton.hidden = u === null;
    this.name.textContent = u ? u.name || u.email : '';
    this.name.title = u?.email ?? '';
    this.role.textContent = u ? t(`role.${u.role}` as MessageKey) : '';
    this.error.textContent = this.errorKey ? t(this.errorKey) : '';
    this.error.hidden = !this.errorKey;
    this.dialog.render();
  }

  private async signOut(): Promise<void> {
    this.signOutButton.disabled = true;
    try {
      await logout();
      this.errorKey = null;
      this.render();
      this.signInButton.focus();
    } catch {
      this.errorKey = 'account.signOutFailed';
      this.render();
    } finally {
      this.signOutButton.disabled = false;
    }
  }
}
