// The bar over every screen: the name, the screens this account may use,
// the language and the account. On a phone the screens, language and
// account fold behind a menu button.
import type { User } from '../api';
import { AccountControl } from '../account/control';
import { currentUser } from '../account/session';
import { LANGS, lang, t, type Lang, type MessageKey } from '../i18n';
import { href, type Route } from '../router';
import { h } from '../ui/dom';

type Screen = 'explore' | 'fund' | 'report' | 'moderate' | 'data';

/** screensFor lists the screens an account is offered (the server still decides every write). */
export function screensFor(u: User | null): Screen[] {
  const s: Screen[] = ['explore', 'fund'];
  if (u && !u.disabled && (u.role === 'editor' || u.role === 'admin')) s.push('report');
  if (u && !u.disabled && (u.role === 'moderator' || u.role === 'admin')) s.push('moderate');
  s.push('data');
  return s;
}

export class TopBar {
  readonly root = h('header', 'topbar', { id: 'topbar' });
  private readonly title = h('a', 'topbar__title', { id: 'app-title', href: '/' });
  private readonly menuButton = h('button', 'topbar__menu', { type: 'button', 'aria-controls': 'topbar-menu', 'aria-expanded': 'false' });
  private readonly menu = h('div', 'topbar__body', { id: 'topbar-menu' });
  private readonly nav = h('nav', 'topbar__nav', { id: 'nav' });
  private readonly langGroup = h('div', 'topbar__langs', { role: 'group' });
  private readonly accountSlot = h('div', 'panel__account');
  readonly account: AccountControl;
  private route: Route = { name: 'explore' };

  constructor(private readonly onLang: (l: Lang) => void) {
    this.menuButton.addEventListener('click', () => this.setOpen(this.menuButton.getAttribute('aria-expanded') !== 'true'));
    this.menu.append(this.nav, this.langGroup, this.accountSlot);
    this.root.append(this.title, this.menuButton, this.menu);
    this.account = new AccountControl(this.accountSlot);
    // A choice in the menu closes it on a phone.
    this.nav.addEventListener('click', (e) => {
      if ((e.target as Element).closest('a')) this.setOpen(false);
    });
    this.render();
  }

  setOpen(open: boolean): void {
    this.menuButton.setAttribute('aria-expanded', String(open));
    this.root.classList.toggle('topbar--open', open);
  }

  setRoute(r: Route): void {
    this.route = r;
    this.renderNav();
  }

  render(): void {
    this.title.textContent = t('app.title');
    this.title.href = href({ name: 'explore' }, lang());
    this.menuButton.textContent = t('nav.menu');
    this.nav.setAttribute('aria-label', t('nav.label'));
    this.renderNav();
    this.renderLangs();
    this.account.render();
  }

  renderNav(): void {
    const here = this.route.name === 'project' || this.route.name === 'oblast' || this.route.name === 'hromada' || this.route.name === 'notfound' ? 'explore' : this.route.name;
    const items = screensFor(currentUser()).map((s) =>
      h('a', 'topbar__link', { href: href({ name: s }, lang()), id: `nav-${s}`, 'aria-current': s === here ? 'page' : null }, t(`nav.${s}` as MessageKey)),
    );
    this.nav.replaceChildren(...items);
  }

  private renderLangs(): void {
    this.langGroup.setAttribute('aria-label', t('panel.language'));
    this.langGroup.replaceChildren(
      ...LANGS.map((l) => {
        const b = h('button', 'panel__lang', { type: 'button', id: `lang-${l}`, lang: l, 'aria-pressed': String(lang() === l) }, t(`lang.${l}` as MessageKey));
        b.addEventListener('click', () => this.onLang(l));
        return b;
      }),
    );
  }
}
