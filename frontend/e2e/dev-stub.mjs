// THROWAWAY development stub of the API (fake sites over the real boundaries).
// Not used by the tests; delete once the real server runs.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const dataDir = process.env.VIDBUDOVA_DATA;
const dist = path.resolve(import.meta.dirname, '../dist');
const port = Number(process.env.PORT ?? 18090);
const read = (f) => JSON.parse(fs.readFileSync(path.join(dataDir, f), 'utf8'));
const oblasts = read('oblasts.geojson');
const hromadas = read('hromadas.geojson');
const cats = ['housing', 'education', 'health', 'energy', 'water', 'transport', 'administrative', 'culture', 'other'];
const dmg = ['light', 'moderate', 'severe', 'destroyed'];

function bboxOf(g) {
  let b = [180, 90, -180, -90];
  const walk = (c) => (typeof c[0] === 'number' ? (b = [Math.min(b[0], c[0]), Math.min(b[1], c[1]), Math.max(b[2], c[0]), Math.max(b[3], c[1])]) : c.forEach(walk));
  walk(g.coordinates);
  return b;
}
let seed = 42;
const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
const sites = [];
const hromadaOf = new Map();
for (const h of hromadas.features) {
  h.bbox = bboxOf(h.geometry);
  hromadaOf.set(h.properties.code, h);
  const n = h.properties.name_en === 'Kharkivska' ? 300 : Math.floor(rnd() * 4);
  const [x0, y0, x1, y1] = h.bbox;
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  for (let i = 0; i < n; i++) {
    const id = sites.length + 1;
    const lon = cx + (rnd() - 0.5) * (x1 - x0) * 0.4, lat = cy + (rnd() - 0.5) * (y1 - y0) * 0.4;
    const poly = i % 10 === 9;
    const d = 0.0008;
    sites.push({
      type: 'Feature', id,
      geometry: poly ? { type: 'Polygon', coordinates: [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]] } : { type: 'Point', coordinates: [lon, lat] },
      properties: {
        name: id === 1 ? '<img src=x onerror=alert(1)> school' : `Site ${id}`,
        category: cats[Math.floor(rnd() * cats.length)], damage: dmg[Math.floor(rnd() * dmg.length)],
        damaged_on: '2022-03-01', description: 'Demo description', estimated_cost: { amount_minor: 125000000, currency: 'UAH' },
        verification: 'reported', oblast_code: h.properties.oblast_code, hromada_code: h.properties.code,
        hromada_name_uk: h.properties.name_uk, hromada_name_en: h.properties.name_en, demo: true, version: 1,
        created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z',
      },
    });
  }
}
function counts(filter) {
  const c = { sites: 0, by_category: Object.fromEntries(cats.map((k) => [k, 0])), by_damage: Object.fromEntries(dmg.map((k) => [k, 0])) };
  for (const s of sites) if (filter(s.properties)) { c.sites++; c.by_category[s.properties.category]++; c.by_damage[s.properties.damage]++; }
  return c;
}
for (const o of oblasts.features) { o.bbox = bboxOf(o.geometry); Object.assign(o.properties, counts((p) => p.oblast_code === o.properties.code)); }
for (const h of hromadas.features) Object.assign(h.properties, counts((p) => p.hromada_code === h.properties.code));

const send = (res, status, type, body) => { res.writeHead(status, { 'content-type': type }); res.end(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body)); };
http.createServer((req, res) => {
  const u = new URL(req.url, 'http://x');
  let m;
  if (u.pathname === '/healthz') return send(res, 200, 'text/plain', 'ok');
  if (u.pathname === '/api/v1/config') return send(res, 200, 'application/json', { basemap_url: process.env.BASEMAP ?? '', attribution: '&copy; <a href="x">Test</a>' });
  if (u.pathname === '/api/v1/oblasts') return send(res, 200, 'application/geo+json', oblasts);
  if ((m = u.pathname.match(/^\/api\/v1\/oblasts\/(UA\d+)\/hromadas$/))) return send(res, 200, 'application/geo+json', { type: 'FeatureCollection', features: hromadas.features.filter((h) => h.properties.oblast_code === m[1]) });
  if (u.pathname === '/api/v1/sites') {
    const bb = (u.searchParams.get('bbox') ?? '-180,-90,180,90').split(',').map(Number);
    const limit = Number(u.searchParams.get('limit') ?? 100);
    const ob = u.searchParams.get('oblast');
    const inBox = (c) => c[0] >= bb[0] && c[0] <= bb[2] && c[1] >= bb[1] && c[1] <= bb[3];
    const all = sites.filter((s) => inBox(s.geometry.type === 'Point' ? s.geometry.coordinates : s.geometry.coordinates[0][0]) && (!ob || s.properties.oblast_code === ob));
    const page = all.slice(0, limit);
    return setTimeout(() => send(res, 200, 'application/geo+json', { type: 'FeatureCollection', features: page, numberReturned: page.length, links: all.length > limit ? [{ rel: 'next', href: '/api/v1/sites?cursor=x' }] : [] }), 150);
  }
  if (u.pathname.startsWith('/api/')) return send(res, 404, 'application/problem+json', { title: 'Not Found', status: 404 });
  let f = path.join(dist, path.normalize(u.pathname));
  if (!f.startsWith(dist) || !fs.existsSync(f) || fs.statSync(f).isDirectory()) f = path.join(dist, 'index.html');
  const ext = path.extname(f);
  send(res, 200, { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.mjs': 'text/javascript' }[ext] ?? 'application/octet-stream', fs.readFileSync(f));
}).listen(port, '127.0.0.1', () => console.log(`stub on ${port}`));
