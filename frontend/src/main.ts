// Vidbudova: the shell (bar, language, account) and the screens, one per
// address. Explore is always at hand; the other screens are loaded when
// first opened, so the first visit fetches only the map.
import 'maplibre-gl/dist/maplibre-gl.css';
import './style.css';
import { currentUser, onAccountChange, restoreSession } from './account/session';
import { Explore } from './explore/explore';
import { initialLang, lang, onLangChange, setLang, t } from './i18n';
import { currentRoute, onRoute, startRouter, type Route } from './router';
import type { Screen, ScreenContext } from './screen';
import { TopBar } from './shell/topbar';

setLang(initialLang(window.location.search));

const topbar = new TopBar((l) => setLang(l));
document.getElementById('topbar-slot')!.replaceWith(topbar.root);
const exploreEl = document.getElementById('explore')!;
const pageEl = document.getElementById('page')!;

let explore: Explore | null = null;
let screen: Screen | null = null;
let screenRoute: Route | null = null;
let loadSeq = 0;

const context: ScreenContext = {
  dataChanged: () => explore?.dataChanged(),
};

function loadScreen(r: Route): Promise<{ mount(root: HTMLElement, r: Route, ctx: ScreenContext): Screen }> {
  switch (r.name) {
    case 'project':
      return import('./project/page');
    case 'oblast':
    case 'hromada':
      return import('./place/page');
    case 'report':
      return import('./report/page');
    case 'fund':
      return import('./fund/page');
    case 'moderate':
      return import('./moderate/page');
    case 'data':
      return import('./data/page');
    default:
      return import('./shell/notfound');
  }
}

async function show(r: Route): Promise<void> {
  topbar.setRoute(r);
  const seq = ++loadSeq;
  if (r.name === 'explore') {
    screen?.destroy();
    screen = null;
    screenRoute = null;
    pageEl.hidden = true;
    pageEl.replaceChildren();
    // The map measures its box when made: show the box first.
    exploreEl.hidden = false;
    explore ??= new Explore(exploreEl, document.getElementById('panel')!, document.getElementById('map')!);
    explore.show();
    document.title = t('page.title');
    return;
  }
  if (screen && screenRoute && JSON.stringify(screenRoute) === JSON.stringify(r)) return;
  explore?.hide();
  exploreEl.hidden = true;
  screen?.destroy();
  screen = null;
  pageEl.hidden = false;
  pageEl.setAttribute('aria-busy', 'true');
  try {
    const mod = await loadScreen(r);
    if (seq !== loadSeq) return;
    pageEl.replaceChildren();
    screen = mod.mount(pageEl, r, context);
    screenRoute = r;
  } catch (err) {
    if (seq !== loadSeq) return;
    pageEl.replaceChildren();
    const p = document.createElement('p');
    p.className = 'notice notice--error';
    p.setAttribute('role', 'alert');
    p.textContent = t('error.load', { msg: err instanceof Error ? err.message : String(err) });
    pageEl.append(p);
  } finally {
    pageEl.removeAttribute('aria-busy');
  }
  // A new screen is announced by moving to its heading.
  (pageEl.querySelector('h1') as HTMLElement | null)?.setAttribute('tabindex', '-1');
  (pageEl.querySelector('h1') as HTMLElement | null)?.focus({ preventScroll: true });
}

startRouter();
onRoute((r) => void show(r));
void restoreSession();
void show(currentRoute());

onAccountChange(() => {
  topbar.render();
  explore?.accountChanged();
  screen?.accountChanged?.();
});

onLangChange(() => {
  topbar.render();
  explore?.langChanged();
  screen?.render();
  if (!explore?.visible) {
    // Keep the language in the address of every screen, so a link opens in it.
    const url = new URL(window.location.href);
    url.searchParams.set('lang', lang());
    window.history.replaceState(window.history.state, '', url.href);
  }
});

// A read-only handle for the browser tests.
Object.defineProperty(window, '__vidbudova', {
  value: Object.freeze({
    get map() {
      return explore?.map;
    },
    screen: () => screen?.testHandle?.() ?? null,
    state: () => ({
      lang: lang(),
      route: currentRoute().name,
      ready: false,
      oblasts: 0,
      hromadas: null,
      sites: 0,
      ...(explore?.state() ?? {}),
      account: currentUser()?.email ?? null,
    }),
  }),
});
