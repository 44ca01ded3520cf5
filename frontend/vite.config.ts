import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Plugin } from 'vite'
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import { writeFontSlices } from './scripts/font-slices.mjs'

// Ship the font licence beside the emitted web font (Apache-2.0 / GPLv3 dual licence).
function fontLicence(): Plugin {
  const src = fileURLToPath(new URL('./src/assets/fonts/WenQuanYiMicroHei.COPYRIGHT', import.meta.url))
  return {
    name: 'fieldbook-font-licence',
    apply: 'build',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'assets/WenQuanYiMicroHei.COPYRIGHT',
        source: readFileSync(src),
      })
    },
  }
}

// Cut the shipped font into slices the page loads by character (src/assets/fonts/slices, generated).
function fontSlices(): Plugin {
  const dir = (p: string) => fileURLToPath(new URL(p, import.meta.url))
  return {
    name: 'fieldbook-font-slices',
    async buildStart() {
      await writeFontSlices(dir('./src/assets/fonts/WenQuanYiMicroHei.ttf'), dir('./src'), dir('./src/assets/fonts/slices'))
    },
  }
}

export default defineConfig({
  plugins: [vue(), fontLicence(), fontSlices()],
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    outDir: 'dist',
    // dist/.gitkeep is restored from public/.gitkeep on every build (go:embed needs a non-empty dir).
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  test: {
    environment: 'node',
    include: ['tests/**/*.test.ts'],
  },
})
