// The view lives in the address so a shared link reopens it:
//   ?lang=en#map=ZOOM/LAT/LON&oblast=UA63000000000041885&hromada=UA63120270000028556
import { isLang, type Lang } from './i18n';

export interface ViewState {
  lang: Lang;
  oblast: string | null;
  /** A hromada of `oblast` whose figures the panel shows. */
  hromada: string | null;
  /** Present when the address names a camera; absent means "fit Ukraine". */
  camera: { zoom: number; lat: number; lon: number } | null;
}

const CODE = /^UA\d{17}$/;

/** readView parses the parts of the address this app owns; anything malformed is ignored. */
export function readView(loc: Pick<Location, 'search' | 'hash'>, fallbackLang: Lang): ViewState {
  const query = new URLSearchParams(loc.search);
  const hash = new URLSearchParams(loc.hash.replace(/^#/, ''));
  const qLang = query.get('lang');
  const oblast = hash.get('oblast') ?? query.get('oblast');
  const hromada = hash.get('hromada');

  let camera: ViewState['camera'] = null;
  const parts = (hash.get('map') ?? '').split('/').map(Number);
  if (parts.length === 3 && parts.every(Number.isFinite)) {
    const [zoom, lat, lon] = parts as [number, number, number];
    if (zoom >= 0 && zoom <= 22 && Math.abs(lat) <= 85 && Math.abs(lon) <= 180) camera = { zoom, lat, lon };
  }
  return {
    lang: isLang(qLang) ? qLang : fallbackLang,
    oblast: oblast && CODE.test(oblast) ? oblast : null,
    hromada: oblast && hromada && CODE.test(hromada) ? hromada : null,
    camera,
  };
}

/** writeView replaces the current history entry, keeping any query parameters it does not own. */
export function writeView(v: ViewState): void {
  const url = new URL(window.location.href);
  url.searchParams.set('lang', v.lang);
  url.searchParams.delete('oblast');
  const hash = new URLSearchParams();
  if (v.camera) {
    const { zoom, lat, lon } = v.camera;
    hash.set('map', `${zoom.toFixed(2)}/${lat.toFixed(4)}/${lon.toFixed(4)}`);
  }
  if (v.oblast) hash.set('oblast', v.oblast);
  if (v.oblast && v.hromada) hash.set('hromada', v.hromada);
  // URLSearchParams escapes '/', which is legal in a fragment; keep the address readable.
  url.hash = hash.toString().replaceAll('%2F', '/');
  if (url.href !== window.location.href) window.history.replaceState(null, '', url.href);
}
