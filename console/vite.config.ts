// The console is served by the API from the same origin (api/console.static.ts), so every request is a
// relative /api/… call and no CORS is involved. Hashed file names let the API cache assets for a year.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // Route chunks are split by React.lazy; the budget that matters (≤ 500 kB gzipped initial JS) is
    // measured by the e2e test, not by this warning.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000', '/healthz': 'http://127.0.0.1:3000' },
  },
});
