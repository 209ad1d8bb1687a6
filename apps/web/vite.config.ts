import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type ProxyOptions } from 'vite';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/**
 * Writes a .br and a .gz beside every text file of the build, at the highest levels (once, at
 * build time), for the server to send as they are (@fastify/static `preCompressed`).
 */
function precompress(): Plugin {
  return {
    name: 'hybridcoach-precompress',
    apply: 'build',
    // After the whole build, so that files copied from public/ (avatars) are compressed too.
    async writeBundle(options) {
      const dir = options.dir ?? 'dist';
      const files = (await readdir(dir, { recursive: true })).filter((file) => /\.(js|css|html|svg|json)$/.test(file));
      await Promise.all(
        files.map(async (file) => {
          const full = path.join(dir, file);
          const data = await readFile(full);
          const params = { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length };
          await writeFile(`${full}.br`, await brotli(data, { params }));
          await writeFile(`${full}.gz`, await gzipped(data, { level: 9 }));
        }),
      );
    },
  };
}

// In development Vite serves the SPA and forwards server routes to the Node server.
const serverUrl = `http://127.0.0.1:${process.env.PORT ?? 3000}`;
const serverRoutes = ['/trpc', '/healthz', '/webhooks', '/auth', '/exports'];

export default defineConfig({
  plugins: [react(), tailwindcss(), precompress()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    port: Number(process.env.VITE_PORT ?? 5173),
    strictPort: true,
    proxy: Object.fromEntries(serverRoutes.map((route): [string, ProxyOptions] => [route, { target: serverUrl }])),
  },
});
