import type { InputHTMLAttributes } from 'vue'

/** Attributes for the native <input> inside n-input / n-input-number (stable E2E selectors). */
export function inputProps(testid: string, extra: Record<string, string> = {}): InputHTMLAttributes {
  return { 'data-testid': testid, autocomplete: 'off', ...extra } as InputHTMLAttributes
}

/** A file's bytes as base64, for a Go binding that takes a file's content. */
export function base64Of(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf)
  let bin = ''
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(bin)
}
