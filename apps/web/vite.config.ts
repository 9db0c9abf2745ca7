import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// JSX is compiled by Vite's built-in oxc transform (automatic runtime); no React plugin is needed for a build.
export default defineConfig({
  root: here('.'),
  base: '/',
  publicDir: false,
  resolve: { alias: { '@parley/contracts': here('../../libs/contracts/src/index.ts') } },
  oxc: { jsx: { runtime: 'automatic' } },
  build: { outDir: here('dist'), emptyOutDir: true, sourcemap: true, target: 'es2022' },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/health': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
});
