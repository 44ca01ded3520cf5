// A customer being created may be there already: the customers with the same
// mobile number, or the same name at the same address (Customers.Similar),
// looked up a moment after the name, phones or addresses change. Creating it
// anyway is the person's choice (anyway), asked again after every change.
import { ref, watch } from 'vue'
import { useCustomersStore, type CustomerInput } from '../stores/customers'
import type { fieldbook } from '../../wailsjs/go/models'

/** form: the customer being typed, or null while none is (nothing is looked up). */
export function useSimilarCustomers(form: () => CustomerInput | null) {
  const customers = useCustomersStore()
  const similar = ref<fieldbook.SimilarCustomer[]>([])
  const anyway = ref(false)
  let timer: ReturnType<typeof setTimeout> | undefined
  let seq = 0
  watch(
    () => {
      const c = form()
      return c ? [c.id, c.name, c.phones.join('|'), c.addresses.join('|')].join('\n') : null
    },
    (key) => {
      clearTimeout(timer)
      anyway.value = false
      const mine = ++seq
      if (key === null) {
        similar.value = []
        return
      }
      timer = setTimeout(async () => {
        const c = form()
        if (!c) return
        try {
          const found = await customers.similar({ ...c, phones: [...c.phones], addresses: [...c.addresses] })
          if (mine === seq) similar.value = found
        } catch {
          // only a warning: creating the customer still works
        }
      }, 300)
    },
    { immediate: true },
  )
  /** Nothing to ask before creating: no similar customer, or the person said it is another one. */
  const clear = () => !similar.value.length || anyway.value
  return { similar, anyway, clear }
}
