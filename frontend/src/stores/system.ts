// Store for the bound Go struct desktop.System (Info).
import { defineStore } from 'pinia'
import { Info } from '../../wailsjs/go/desktop/System'
import type { StartupError, SystemInfo } from '../api/types'

export const useSystemStore = defineStore('system', {
  state: () => ({
    info: null as SystemInfo | null,
    loading: false,
    /** Raw rejection value if Info() itself failed (no backend, broken bridge). */
    loadError: null as unknown,
  }),
  getters: {
    startupError: (s): StartupError | null => {
      const e = s.info?.startup_error
      return e && (e.code || e.message || e.message_en) ? e : null
    },
  },
  actions: {
    async load(): Promise<SystemInfo> {
      this.loading = true
      this.loadError = null
      try {
        const info = (await Info()) as unknown as SystemInfo
        this.info = info
        return info
      } catch (e) {
        this.loadError = e
        throw e
      } finally {
        this.loading = false
      }
    },
  },
})
