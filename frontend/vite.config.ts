import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

// The API is served by the Go binary on the same origin; in development the
// dev server forwards /api to it (VIDBUDOVA_API, default the usual local port).
const api = process.env.VIDBUDOVA_API ?? 'http://127.0.0.1:8080';

/**
 * precompress writes NAME.br and NAME.gz beside every script and stylesheet
 * of the build, each at its best (slowest) level, which the server hands to
 * browsers that accept them. The assets never change once built, so they
 * are squeezed once here rather than at a fast level on every request.
 */
function precompress(): Plugin {
  return {
    name: 'vidbudova-precompress',
    apply: 'build',
    writeBundle(options) {
      const dir = join(options.dir ?? 'dist', 'assets');
      for (const name of readdirSync(dir)) {
        if (!/\.(js|css)$/.test(name)) continue;
        const file = join(dir, name);
        const raw = readFileSync(file);
        const br = brotliCompressSync(raw, {
          params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
        });
        const gz = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION });
        // A wrong copy would be served for a year (the names are immutable): check both round trips.
        if (!brotliDecompressSync(br).equals(raw) || !gunzipSync(gz).equals(raw)) throw new Error(`precompress: ${name} does not round-trip`);
        writeFileSync(file + '.br', br);
        writeFileSync(file + '.gz', gz);
      }
    },
  };
}

/**
 * preloadMap has the page fetch MapLibre with its own script: Explore loads
 * it apart (so the panel shows first) but needs it at once, and waiting for
 * the page's script to ask costs a round trip and the parse.
 */
function preloadMap(): Plugin {
  return {
    name: 'vidbudova-preload-map',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.name === 'maplibre-gl');
        if (!chunk) throw new Error('preloadMap: no maplibre-gl chunk in the build');
        return [{ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${chunk.fileName}` }, injectTo: 'head' }];
      },
    },
  };
}

export default defineConfig({
  base: '/',
  plugins: [preloadMap(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': api, '/tiles': api, '/healthz': api },
  },
});
