// Vite build for the renda web UI. `npm run build` writes dist/, which the
// Makefile copies to build/web/; the server serves it at / with an SPA
// fallback to index.html for every non-/api path.
//
// Element Plus components are imported on demand (unplugin-vue-components
// with ElementPlusResolver), so only the components a page uses, and their
// CSS, end up in the bundle: the delegate device and the big screen must
// load fast on old tablets.
//
// `npm run dev` proxies /api to a running server: RENDA_URL, default
// http://127.0.0.1:8080.
import { defineConfig, type Plugin } from 'vite';
import { gzipSync } from 'node:zlib';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

// Writes name.gz next to every text asset over 1 KiB, so a server that
// honours Accept-Encoding can send the precompressed file (most of the UI is
// a third of its size gzipped).
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'renda-precompress',
    apply: 'build',
    configResolved(c) {
      outDir = c.build.outDir;
    },
    closeBundle() {
      const walk = (dir: string): void => {
        for (const name of readdirSync(dir)) {
          const f = join(dir, name);
          if (statSync(f).isDirectory()) walk(f);
          else if (/\.(js|css|html|svg|json)$/.test(name) && statSync(f).size > 1024) {
            writeFileSync(f + '.gz', gzipSync(readFileSync(f), { level: 9 }));
          }
        }
      };
      walk(outDir);
    },
  };
}

const target = globalThis.process?.env?.RENDA_URL || 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    Components({
      dts: 'src/components.d.ts',
      resolvers: [ElementPlusResolver({ importStyle: 'css' })],
    }),
    precompress(),
  ],
  define: {
    // vue-i18n: composition API only, no legacy API, no devtools hooks.
    __VUE_I18N_FULL_INSTALL__: false,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __VUE_PROD_DEVTOOLS__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2019',
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      output: {
        // Framework code changes rarely: its own chunk stays cached across UI updates.
        manualChunks: {
          vue: ['vue', 'vue-router', 'vue-i18n'],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target, changeOrigin: false },
    },
  },
});
