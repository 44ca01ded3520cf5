// Store for the bound Go struct desktop.Settings (Get / Save).
import { defineStore } from 'pinia'
import { Centre, Get, Save } from '../../wailsjs/go/desktop/Settings'
import { normalizeSettings, type Language, type Settings } from '../api/types'
import { LOCALE_STORAGE_KEY } from '../i18n'
import { setDisplayZone } from '../api/zone'
import { setDefaultLabourRate } from '../api/visitForm'

function mirrorLanguage(lang: Language): void {
  try {
    globalThis.localStorage?.setItem(LOCALE_STORAGE_KEY, lang)
  } catch {
    // storage unavailable: Go is the source of truth anyway
  }
}

export const useSettingsStore = defineStore('settings', {
  state: () => ({
    /** Last settings read from or accepted by Go; null until loaded. */
    settings: null as Settings | null,
    loading: false,
    saving: false,
    /** Raw rejection value of the last failed load (normalise with api/errors). */
    loadError: null as unknown,
  }),
  getters: {
    loaded: (s) => s.settings !== null,
    language: (s): Language | null => s.settings?.language ?? null,
    technicianName: (s): string => s.settings?.technician.name.trim() ?? '',
    /** The technician as their own signature names them: 张伟（工号 FW-0107）; '' without a name (as Go's Technician.Signer). */
    technicianSigner: (s): string => {
      const name = s.settings?.technician.name.trim() ?? ''
      const no = s.settings?.technician.employee_no.trim() ?? ''
      return name && no ? `${name}（工号 ${no}）` : name
    },
  },
  actions: {
    async load(): Promise<Settings> {
      this.loading = true
      this.loadError = null
      try {
        const got = normalizeSettings(await Get())
        this.settings = got
        mirrorLanguage(got.language)
        setDisplayZone(got.time_zone)
        // The centre's zone, when its settings name one, is every device's.
        const centre = await Centre().catch(() => null)
        if (centre?.record?.time_zone) setDisplayZone(centre.record.time_zone)
        setDefaultLabourRate(centre?.record?.labour_rate_fen ?? 0)
        return got
      } catch (e) {
        this.loadError = e
        throw e
      } finally {
        this.loading = false
      }
    },

    /**
     * Save to Go. Resolves with what Go stored; rejects with Go's raw error value
     * (normalise it with api/errors for field messages). The store is unchanged on failure.
     */
    async save(next: Settings): Promise<Settings> {
      this.saving = true
      try {
        const payload = normalizeSettings(next)
        const saved = normalizeSettings(await Save(payload as unknown as Parameters<typeof Save>[0]))
        this.settings = saved
        mirrorLanguage(saved.language)
        const centre = await Centre().catch(() => null)
        setDisplayZone(centre?.record?.time_zone || saved.time_zone)
        return saved
      } finally {
        this.saving = false
      }
    },

    /** Persist only a new language, keeping the other stored fields. */
    async setLanguage(language: Language): Promise<Settings> {
      const base = this.settings ? normalizeSettings(this.settings) : normalizeSettings(await Get())
      return this.save({ ...base, language })
    },
  },
})
