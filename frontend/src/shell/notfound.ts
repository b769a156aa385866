// An address that names no screen.
import { lang, t } from '../i18n';
import { href } from '../router';
import type { Screen } from '../screen';
import { h } from '../ui/dom';

export function mount(root: HTMLElement): Screen {
  const render = (): void => {
    root.replaceChildren(
      h('h1', 'page__title', {}, t('notfound.title')),
      h('p', '', {}, h('a', '', { href: href({ name: 'explore' }, lang()) }, t('notfound.back'))),
    );
  };
  render();
  return { render, destroy: () => root.replaceChildren() };
}
