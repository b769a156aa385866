// A site's photos: sending one, with its progress, and showing them as
// thumbnails. Text reaches the page as textContent and attributes only.
import { ApiError, writeHeaders, type Problem } from '../api';
import type { Photo } from '../project/api';
import { h } from '../ui/dom';

export type { Photo };

/**
 * uploadSitePhoto sends one photo of a site and calls progress with the
 * share of it sent so far (0 to 1). One photo a request: on a slow line
 * each photo sent is kept, and a photo sent again is still one photo of
 * the site (the server knows it by its hash), so a retry is always safe.
 * It rejects with an ApiError for an answer that is not 2xx, and with a
 * plain Error when no answer came (a lost connection).
 */
export function uploadSitePhoto(siteId: number, file: File, progress: (share: number) => void = () => {}): Promise<Photo> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/sites/${siteId}/photos`);
    for (const [k, v] of Object.entries(writeHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) progress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON (a proxy's page): the status line says enough.
      }
      const photos = (body as { photos?: Photo[] } | null)?.photos;
      if (xhr.status === 201 && photos?.length) {
        progress(1);
        resolve(photos[0]!);
        return;
      }
      const problem: Problem = body && typeof body === 'object' ? (body as Problem) : { status: xhr.status, title: xhr.statusText };
      const wait = Number(xhr.getResponseHeader('Retry-After'));
      reject(new ApiError(xhr.status, problem, Number.isFinite(wait) && wait > 0 ? wait : null));
    };
    xhr.onerror = () => reject(new Error('network'));
    xhr.onabort = () => reject(new Error('aborted'));
    const form = new FormData();
    form.append('photos', file, file.name);
    xhr.send(form);
  });
}

/**
 * photoList shows photos as thumbnails, each a link to its large
 * rendition; alt names each one. width is the thumbnails' width in CSS
 * pixels; the height follows from each photo's own proportions.
 */
export function photoList(photos: Photo[], alt: (n: number) => string, opts: { id?: string; className?: string; label?: string; width?: number } = {}): HTMLUListElement {
  const width = opts.width ?? 96;
  const list = h('ul', `updates__photos ${opts.className ?? ''}`.trim(), { id: opts.id, 'aria-label': opts.label });
  photos.forEach((p, i) => {
    const height = Math.max(1, Math.round((width * p.thumb_height) / Math.max(1, p.thumb_width)));
    const img = h('img', '', { src: p.thumb_href, width, height, loading: 'lazy', alt: alt(i + 1) });
    list.append(h('li', '', {}, h('a', '', { href: p.href, target: '_blank', rel: 'noopener' }, img)));
  });
  return list;
}
