// Display helpers for sync: the header indicator's state and readable JSON values
// of a conflict (本机的值 / 服务器的值).

export type IndicatorState = 'not_connected' | 'running' | 'offline' | 'pending' | 'synced'

export interface StatusLike {
  connected: boolean
  online: boolean
  running: boolean
  pending: number
  open_issues: number
  last_error?: { code?: string } | null
  last_synced_at?: unknown
}

export function indicatorState(s: StatusLike | null | undefined, running = false): IndicatorState {
  if (!s || !s.connected) return 'not_connected'
  if (s.running || running) return 'running'
  if (!s.online || s.last_error?.code === 'offline') return 'offline'
  if (s.open_issues + s.pending > 0) return 'pending'
  return 'synced'
}

/** A JSON value shown to a person: strings as they are, lists line by line, objects as indented JSON. */
export function readableValue(v: unknown): string {
  let x = v
  // json.RawMessage may arrive as bytes (number[]) or text in some bridges
  if (Array.isArray(x) && x.length > 0 && x.every((n) => typeof n === 'number' && n >= 0 && n < 256)) {
    try {
      x = JSON.parse(new TextDecoder().decode(new Uint8Array(x as number[])))
    } catch {
      // a plain list of numbers
    }
  }
  if (x === null || x === undefined || x === '') return ''
  if (typeof x === 'string') return x
  if (typeof x === 'number' || typeof x === 'boolean') return String(x)
  if (Array.isArray(x) && x.every((e) => typeof e === 'string')) return (x as string[]).join('\n')
  return JSON.stringify(x, null, 2)
}
