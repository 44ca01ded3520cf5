// Plain JSON shapes of the bound Go structs (field names are the exact JSON names).
// The generated classes in wailsjs/go/models.ts carry the same fields.

export type Language = 'zh-CN' | 'en'

export interface Technician {
  name: string
  phone: string
  employee_no: string
}

export interface Company {
  name: string
  address: string
  phone: string
}

export interface Settings {
  language: Language
  technician: Technician
  company: Company
  /** The service centre's time zone (IANA), e.g. Asia/Shanghai: every time is shown in it. */
  time_zone: string
  /** How the first run ended: '' not yet (the setup shows), 'alone' working alone, 'hub' enrolled. */
  setup: Setup
}

export type Setup = '' | 'alone' | 'hub'

export interface StartupError {
  code: string
  message: string
  message_en: string
}

export interface SystemInfo {
  version: string
  data_dir: string
  db_path: string
  schema_version: number
  startup_error?: StartupError | null
}

export function emptySettings(): Settings {
  return {
    language: 'zh-CN',
    technician: { name: '', phone: '', employee_no: '' },
    company: { name: '', address: '', phone: '' },
    time_zone: 'Asia/Shanghai',
    setup: '',
  }
}

/** A deep copy with every field present, whatever Go sent (null nested structs, missing keys). */
export function normalizeSettings(raw: unknown): Settings {
  const base = emptySettings()
  if (!raw || typeof raw !== 'object') return base
  const r = raw as Record<string, unknown>
  const str = (v: unknown) => (typeof v === 'string' ? v : '')
  const obj = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {})
  const t = obj(r.technician)
  const c = obj(r.company)
  return {
    language: r.language === 'en' ? 'en' : 'zh-CN',
    technician: { name: str(t.name), phone: str(t.phone), employee_no: str(t.employee_no) },
    company: { name: str(c.name), address: str(c.address), phone: str(c.phone) },
    time_zone: str(r.time_zone) || base.time_zone,
    setup: r.setup === 'alone' || r.setup === 'hub' ? r.setup : '',
  }
}
