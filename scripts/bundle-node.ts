// Bundles a Node app (web server, agent, worker) for production: our workspace packages are
// TypeScript sources, so they are compiled into the bundle; npm dependencies stay external
// and load from node_modules as usual. Usage: tsx scripts/bundle-node.ts <entry> <outfile>
import { build, type Plugin } from 'esbuild';

const [entry, outfile] = process.argv.slice(2);
if (!entry || !outfile) {
  console.error('usage: tsx scripts/bundle-node.ts <entry.ts> <outfile.js>');
  process.exit(2);
}

const externalDependencies: Plugin = {
  name: 'external-dependencies',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@hybridcoach/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [externalDependencies],
});
