// Leaving a page with an explicit 保存 (settings) while its form holds
// changes not saved asks first: a route leave, the browser's unload and the
// desktop window's close (editor/windowClose).
import { onBeforeUnmount, onMounted, watch } from 'vue'
import { onBeforeRouteLeave } from 'vue-router'
import { useDialog } from 'naive-ui'
import { useI18n } from 'vue-i18n'
import { addCloseGuard } from './windowClose'

/** The leave dialog (留在此页 / 仍然离开) saying content; true when the person leaves. */
export function askLeave(dialog: ReturnType<typeof useDialog>, t: (key: string) => string, content: string): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    let answered = false
    const answer = (v: boolean) => {
      if (answered) return
      answered = true
      resolve(v)
    }
    dialog.warning({
      title: t('editor.leaveTitle'),
      content,
      positiveText: t('editor.leaveAnyway'),
      negativeText: t('editor.stay'),
      positiveButtonProps: { 'data-testid': 'leave-anyway' } as never,
      negativeButtonProps: { 'data-testid': 'leave-stay' } as never,
      onPositiveClick: () => answer(true),
      onNegativeClick: () => answer(false),
      onClose: () => answer(false),
      onMaskClick: () => answer(false),
      onAfterLeave: () => answer(false),
    })
  })
}

export function useLeaveGuard(dirty: () => boolean) {
  const { t } = useI18n()
  const dialog = useDialog()

  function ask(): Promise<boolean> {
    if (!dirty()) return Promise.resolve(true)
    return askLeave(dialog, t, t('editor.leaveUnsaved'))
  }

  const closeGuard = addCloseGuard(ask)
  onBeforeRouteLeave(() => ask())
  watch(dirty, (d) => closeGuard.report(d ? 1 : 0), { immediate: true })

  function onBeforeUnload(e: BeforeUnloadEvent) {
    if (!dirty()) return
    e.preventDefault()
    e.returnValue = ''
  }
  onMounted(() => {
    window.addEventListener('beforeunload', onBeforeUnload)
  })
  onBeforeUnmount(() => {
    closeGuard.remove()
    window.removeEventListener('beforeunload', onBeforeUnload)
  })
  return { ask }
}
