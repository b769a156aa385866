import { defineConfig } from 'vite';

// The API is served by the Go binary on the same origin; in development the
// dev server forwards /api to it (VIDBUDOVA_API, default the usual local port).
const api = process.env.VIDBUDOVA_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // Module workers need a JavaScript MIME type; `.js` is one every server knows.
        assetFileNames: (asset) =>
          asset.names.some((n) => n.endsWith('.mjs')) ? 'assets/[name]-[hash].js' : 'assets/[name]-[hash][extname]',
      },
    },
  },
  server: {
    proxy: { '/api': api, '/tiles': api, '/healthz': api },
  },
});
