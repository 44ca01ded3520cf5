// Exporting to Excel from a page (the inbox, 统计, 客服统计): the busy flag,
// the written file to show, and the messages.
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { useMessage } from 'naive-ui'
import type { fieldbook } from '../../wailsjs/go/models'
import { normalizeError } from '../api/errors'
import type { Locale } from '../i18n'

/** Call in a page's setup; exportXLSX runs write and says doneKey's message when it wrote the file. */
export function useXLSXExport(write: () => Promise<fieldbook.Document>, doneKey: string) {
  const { t, locale } = useI18n()
  const message = useMessage()
  const exporting = ref(false)
  const exported = ref<fieldbook.Document | null>(null)

  async function exportXLSX() {
    exporting.value = true
    try {
      exported.value = await write()
      message.success(t(doneKey))
    } catch (e) {
      message.error(normalizeError(e, locale.value as Locale).message)
    } finally {
      exporting.value = false
    }
  }
  return { exporting, exported, exportXLSX }
}
