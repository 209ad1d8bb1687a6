import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, type ProxyOptions } from 'vite';

// In development Vite serves the SPA and forwards server routes to the Node server.
const serverUrl = `http://127.0.0.1:${process.env.PORT ?? 3000}`;
const serverRoutes = ['/trpc', '/healthz', '/webhooks', '/auth'];

export default defineConfig({
  plugins: [react(), tailwindcss()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    port: Number(process.env.VITE_PORT ?? 5173),
    strictPort: true,
    proxy: Object.fromEntries(serverRoutes.map((route): [string, ProxyOptions] => [route, { target: serverUrl }])),
  },
});
