// A filter bar's model (v-model of a filter object with a from–to day range):
// set one field (null from a cleared control becomes ''), and the range as
// the date picker's [from, to] pair (null when neither end is set).
import { computed, type Ref } from 'vue'

export function useFilterModel<F extends { from: string; to: string }>(model: Ref<F>) {
  function set<K extends keyof F>(k: K, v: F[K] | null | undefined) {
    model.value = { ...model.value, [k]: (v ?? '') as F[K] }
  }
  const range = computed<[string, string] | null>({
    get: (): [string, string] | null =>
      model.value.from || model.value.to ? [model.value.from || model.value.to, model.value.to || model.value.from] : null,
    set: (v: [string, string] | null) => {
      model.value = { ...model.value, from: v?.[0] ?? '', to: v?.[1] ?? '' }
    },
  })
  return { set, range }
}
