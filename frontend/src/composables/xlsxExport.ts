// Exporting the archive to Excel from a page (the inbox, the statistics):
// the busy flag, the written file to show, and the messages.
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { useMessage } from 'naive-ui'
import type { fieldbook } from '../../wailsjs/go/models'
import type { InboxFilter } from '../api/archive'
import { normalizeError } from '../api/errors'
import { useArchiveStore } from '../stores/archive'
import type { Locale } from '../i18n'

/** Call in a page's setup; exportXLSX writes the jobs filter() selects. */
export function useXLSXExport(filter: () => InboxFilter) {
  const { t, locale } = useI18n()
  const message = useMessage()
  const archive = useArchiveStore()
  const exporting = ref(false)
  const exported = ref<fieldbook.Document | null>(null)

  async function exportXLSX() {
    exporting.value = true
    try {
      exported.value = await archive.exportXLSX(filter())
      message.success(t('inbox.exported'))
    } catch (e) {
      message.error(normalizeError(e, locale.value as Locale).message)
    } finally {
      exporting.value = false
    }
  }
  return { exporting, exported, exportXLSX }
}
