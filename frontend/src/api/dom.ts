import type { InputHTMLAttributes } from 'vue'

/** Attributes for the native <input> inside n-input / n-input-number (stable E2E selectors). */
export function inputProps(testid: string, extra: Record<string, string> = {}): InputHTMLAttributes {
  return { 'data-testid': testid, autocomplete: 'off', ...extra } as InputHTMLAttributes
}
