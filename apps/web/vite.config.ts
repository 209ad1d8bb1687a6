import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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

/**
 * The two pages (index.html: the app; landing.html: the landing page on its own, see
 * src/landing.tsx) are one document, src/html/page.html — meta tags, icon, the theme script —
 * each with its own script.
 */
function pageTemplate(): Plugin {
  const slot = '<!--page-script-->';
  return {
    name: 'hybridcoach-page-template',
    transformIndexHtml: {
      // Before Vite's own HTML processing, so the page is built like any other (its script bundled).
      order: 'pre',
      async handler(html) {
        const script = /<script type="module" src="[^"]+"><\/script>/.exec(html)?.[0];
        if (!script) throw new Error('an HTML page without its module script');
        const page = await readFile(new URL('./src/html/page.html', import.meta.url), 'utf8');
        return page.replace(slot, script);
      },
    },
  };
}

/**
 * What the landing page (landing.html and the modules it imports, directly or not, statically)
 * needs: known once the module graph is built, before chunks are made. The pages and their
 * scripts stay out of shared chunks, since loading a chunk runs every module in it.
 */
function landingGraph() {
  const page = fileURLToPath(new URL('./landing.html', import.meta.url));
  const needed = new Set<string>();
  const plugin: Plugin = {
    name: 'hybridcoach-landing-graph',
    apply: 'build',
    buildEnd() {
      needed.clear();
      const walk = (id: string) => {
        if (needed.has(id)) return;
        needed.add(id);
        for (const next of this.getModuleInfo(id)?.importedIds ?? []) walk(next);
      };
      walk(page);
      if (needed.size < 2) throw new Error(`the landing page ${page} is not in the build`);
    },
  };
  const isEntry = (id: string) => id.endsWith('.html') || /\/src\/(main|landing)\.tsx$/.test(id);
  return { plugin, isEntry, needs: (id: string) => needed.has(id) && !isEntry(id) };
}

const landing = landingGraph();

// In development Vite serves the SPA and forwards server routes to the Node server.
const serverUrl = `http://127.0.0.1:${process.env.PORT ?? 3000}`;
const serverRoutes = ['/trpc', '/healthz', '/webhooks', '/auth', '/exports'];

export default defineConfig({
  plugins: [pageTemplate(), landing.plugin, react(), tailwindcss(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      // Two pages: the app, and the landing page on its own without the router (src/landing.tsx).
      input: { index: 'index.html', landing: 'landing.html' },
      output: {
        // Up front, each page loads its entry and one or two chunks: everything the landing page
        // needs in one chunk that both pages load (the app needs nearly all of it too), and the
        // rest of what the app needs up front (the router, the route table) in another. Separate
        // chunks per shared module would cost a request each (~1 kB of headers) and compress
        // worse. Lazy pages keep their own chunks.
        codeSplitting: {
          groups: [
            { name: 'shared', test: (id) => landing.needs(id), priority: 2 },
            { name: 'app', tags: ['$initial'], test: (id) => !landing.isEntry(id), priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    port: Number(process.env.VITE_PORT ?? 5173),
    strictPort: true,
    proxy: Object.fromEntries(serverRoutes.map((route): [string, ProxyOptions] => [route, { target: serverUrl }])),
  },
});
