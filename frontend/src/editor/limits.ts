// Limits shown while typing: a text field's cap (Go's fieldbook.MaxTextRunes)
// and a paste that does not fit, cut before it reaches the form (a 5 MB
// paste never enters the page's model) and reported on its field.

/** Characters one free-text field of a record may hold. */
export const MAX_TEXT = 4000

export interface PasteCut {
  kept: number
  dropped: number
}

/**
 * A paste handler for a native input or textarea holding at most `max`
 * characters: a paste that fits is left to the browser; one that does not is
 * cut to what fits, set with `set`, and reported with `onCut`.
 */
export function cappedPaste(max: number, set: (value: string) => void, onCut: (cut: PasteCut) => void) {
  return (e: ClipboardEvent) => {
    const el = e.target as HTMLInputElement | HTMLTextAreaElement | null
    const text = e.clipboardData?.getData('text/plain') ?? ''
    if (!el || typeof el.value !== 'string') return
    const start = el.selectionStart ?? el.value.length
    const end = el.selectionEnd ?? start
    const room = Math.max(0, max - (el.value.length - (end - start)))
    if (text.length <= room) return
    e.preventDefault()
    let kept = text.slice(0, room)
    // never leave half of a surrogate pair
    const last = kept.charCodeAt(kept.length - 1)
    if (last >= 0xd800 && last <= 0xdbff) kept = kept.slice(0, -1)
    const value = el.value.slice(0, start) + kept + el.value.slice(end)
    set(value)
    onCut({ kept: kept.length, dropped: text.length - kept.length })
    const caret = start + kept.length
    setTimeout(() => el.setSelectionRange?.(caret, caret), 0)
  }
}
