// The editor's contract for a record page, in Vue: autosave a moment after
// typing (DraftEditor), the store's refusals and sync conflicts as reactive
// maps for the fields, a reload when a sync may have changed the record, and
// leaving the page or closing the window asks first while anything typed is
// not stored.
import { onBeforeUnmount, onMounted, ref, shallowRef, watch } from 'vue'
import { onBeforeRouteLeave, onBeforeRouteUpdate } from 'vue-router'
import { useDialog } from 'naive-ui'
import { useI18n } from 'vue-i18n'
import { DraftEditor, type DraftState, type DraftStore, type Rec, type Refusal, type Stored } from './draft'
import { useSyncStore } from '../stores/sync'
import { addCloseGuard } from './windowClose'
import { askLeave } from './leaveGuard'
import type { Locale } from '../i18n'

export interface RecordEditorOptions<R extends Rec, S extends Stored<R>> {
  read: () => R
  write: (values: Partial<R>) => void
  delay?: number
  /** The store keeps a refused value as typed on this laptop (a reload shows it again): leaving loses nothing of it. */
  keepsRefused?: boolean
  onSaved?: (result: S) => void
  onError?: (error: unknown) => void
}

export function refusalText(r: Refusal | undefined, locale: Locale): string | undefined {
  if (!r) return undefined
  return (locale === 'en' ? r.message_en || r.message : r.message || r.message_en) || undefined
}

export function useRecordEditor<R extends Rec, S extends Stored<R>>(o: RecordEditorOptions<R, S>) {
  const { t, locale } = useI18n()
  const dialog = useDialog()
  const sync = useSyncStore()

  const state = ref<DraftState>('idle')
  const refused = shallowRef<Record<string, Refusal>>({})
  const conflicts = shallowRef<Record<string, unknown>>({})
  const unsaved = ref(false)
  const lastError = shallowRef<unknown>(null)
  let editor: DraftEditor<R, S> | null = null
  const closeGuard = addCloseGuard(() => confirmLeave())
  /** True while the editor writes the store's values into the form. */
  let writing = false

  function mirror() {
    if (!editor) {
      state.value = 'idle'
      refused.value = {}
      conflicts.value = {}
      unsaved.value = false
      closeGuard.report(0)
      return
    }
    state.value = editor.state
    refused.value = Object.fromEntries(editor.refused)
    conflicts.value = Object.fromEntries(editor.conflicts)
    unsaved.value = editor.unsaved
    lastError.value = editor.lastError
    closeGuard.report(editor.unsaved ? Math.max(1, editor.refused.size + editor.conflicts.size) : 0)
  }

  /** Starts editing a record as stored (base); stops any earlier one. */
  function start(base: R, store: DraftStore<R, S>) {
    editor?.dispose()
    editor = new DraftEditor<R, S>(base, {
      store,
      read: o.read,
      write: (values) => {
        writing = true
        try {
          o.write(values)
        } finally {
          writing = false
        }
      },
      delay: o.delay,
      onSaved: o.onSaved,
      onError: o.onError,
      onChange: mirror,
    })
    mirror()
  }

  function stop() {
    editor?.dispose()
    editor = null
    mirror()
  }

  /** Call from a synchronous watcher of the form. */
  function edited() {
    if (writing || !editor) return
    editor.edited()
    mirror()
  }

  const flush = (): Promise<boolean> => (editor ? editor.flush() : Promise.resolve(true))
  const choose = (key: string, which: 'mine' | 'theirs') => editor?.choose(key, which)
  const pull = () => editor?.pull()

  // A sync finished: the record may have changed under the form.
  watch(
    () => sync.status?.last_synced_at,
    (now, before) => {
      if (now && now !== before) void pull()
    },
  )

  /** Asks before leaving while anything typed is not stored; true to leave. */
  async function confirmLeave(): Promise<boolean> {
    if (!editor) return true
    await editor.flush()
    if (!editor?.unsaved) return true
    const nRefused = Object.keys(refused.value).length
    const fields = nRefused + Object.keys(conflicts.value).length
    const kept = o.keepsRefused && fields === nRefused && !editor.state.startsWith('err')
    return askLeave(dialog, t, !fields ? t('editor.leaveUnsaved') : kept ? t('editor.leaveFieldsKept', { n: fields }) : t('editor.leaveFields', { n: fields }))
  }

  onBeforeRouteLeave(() => confirmLeave())
  onBeforeRouteUpdate(() => confirmLeave())

  function onBeforeUnload(e: BeforeUnloadEvent) {
    if (!editor?.unsaved) return
    void editor.flush()
    e.preventDefault()
    e.returnValue = ''
  }
  function onVisibility() {
    if (document.visibilityState === 'hidden') void flush()
  }
  onMounted(() => {
    window.addEventListener('beforeunload', onBeforeUnload)
    document.addEventListener('visibilitychange', onVisibility)
  })
  onBeforeUnmount(() => {
    closeGuard.remove()
    window.removeEventListener('beforeunload', onBeforeUnload)
    document.removeEventListener('visibilitychange', onVisibility)
    const e = editor
    void (e ? e.flush() : Promise.resolve(true)).finally(() => e?.dispose())
  })

  return {
    state,
    refused,
    conflicts,
    unsaved,
    lastError,
    start,
    stop,
    edited,
    flush,
    choose,
    pull,
    confirmLeave,
    refusal: (path: string) => refusalText(refused.value[path], locale.value as Locale),
    retry: flush,
  }
}
