// Screens have addresses of their own, so that each can be linked to:
//   /                      Explore (its view in the fragment, see state.ts)
//   /projects/57           a project's page
//   /oblasts/UA63…         an oblast's page;  /hromadas/UA63… a hromada's
//   /report /fund /moderate  the editor's, donor's and moderator's screens
//   /data                  the open data: the downloads, feeds and services (a selection in the fragment)
// The server answers every such path with the application.

export type Route =
  | { name: 'explore' }
  | { name: 'project'; id: number }
  | { name: 'oblast'; code: string }
  | { name: 'hromada'; code: string }
  | { name: 'report' }
  | { name: 'fund' }
  | { name: 'moderate' }
  | { name: 'data' }
  | { name: 'notfound' };

const CODE = /^UA\d{17}$/;

/** parseRoute reads a path; a trailing slash does not matter. */
export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { name: 'explore' };
  const [head, arg] = parts;
  if (parts.length === 1 && (head === 'report' || head === 'fund' || head === 'moderate' || head === 'data')) return { name: head };
  if (parts.length === 2 && head === 'projects' && /^[1-9]\d{0,15}$/.test(arg!)) return { name: 'project', id: Number(arg) };
  if (parts.length === 2 && head === 'oblasts' && CODE.test(arg!)) return { name: 'oblast', code: arg! };
  if (parts.length === 2 && head === 'hromadas' && CODE.test(arg!)) return { name: 'hromada', code: arg! };
  return { name: 'notfound' };
}

/** routePath is the path of a route (the inverse of parseRoute). */
export function routePath(r: Route): string {
  switch (r.name) {
    case 'explore':
    case 'notfound':
      return '/';
    case 'project':
      return `/projects/${r.id}`;
    case 'oblast':
      return `/oblasts/${r.code}`;
    case 'hromada':
      return `/hromadas/${r.code}`;
    default:
      return `/${r.name}`;
  }
}

/** href is a link to a route in the page's language, with an optional fragment. */
export function href(r: Route, lang: string, hash = ''): string {
  return `${routePath(r)}?lang=${lang}${hash ? `#${hash}` : ''}`;
}

const listeners = new Set<(r: Route) => void>();

export function onRoute(fn: (r: Route) => void): void {
  listeners.add(fn);
}

export function currentRoute(): Route {
  return parseRoute(window.location.pathname);
}

/** navigate opens a link of this application without reloading the page. */
export function navigate(url: string): void {
  const target = new URL(url, window.location.href);
  if (target.href === window.location.href) return;
  window.history.pushState(null, '', target.href);
  announce();
}

function announce(): void {
  const r = currentRoute();
  for (const fn of listeners) fn(r);
}

/**
 * startRouter follows the browser's back and forward buttons and turns
 * clicks on links of this application into navigation without a reload.
 */
export function startRouter(): void {
  window.addEventListener('popstate', announce);
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element | null)?.closest?.('a');
    if (!a || a.target || a.hasAttribute('download') || a.origin !== window.location.origin) return;
    const path = a.pathname;
    if (path.startsWith('/api/') || path.startsWith('/tiles/') || path.startsWith('/ogc')) return;
    e.preventDefault();
    navigate(a.href);
  });
}
