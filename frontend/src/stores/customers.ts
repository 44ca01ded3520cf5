// Store for the bound Go struct desktop.Customers (Search / Get / Save / SaveAsset).
import { defineStore } from 'pinia'
import { DiscardDraft, Draft, Get, KeepDraft, Save, SaveAsset, SaveEdit, Search, Similar } from '../../wailsjs/go/desktop/Customers'
import type { fieldbook } from '../../wailsjs/go/models'

export type CustomerRow = fieldbook.CustomerRow
export type CustomerView = fieldbook.CustomerView

/** The editable part of a customer; id "" creates one. */
export interface CustomerInput {
  id: string
  name: string
  company: string
  phones: string[]
  addresses: string[]
  note: string
}

/** A customer as the editor keys it (editor/draft): the fields a person edits, blank lines dropped. */
export interface CustomerRecord {
  [key: string]: unknown
  name: string
  company: string
  phones: string[]
  addresses: string[]
  note: string
}

/** The editable part of an asset; id "" creates one. */
export interface AssetInput {
  id: string
  customer_id: string
  kind: string
  model: string
  serial: string
  plate: string
  purchase_date: string
  warranty_months: number
  equipment_class: string
}

export function emptyCustomer(): CustomerInput {
  return { id: '', name: '', company: '', phones: [''], addresses: [''], note: '' }
}

export function emptyAsset(customerId = ''): AssetInput {
  return {
    id: '',
    customer_id: customerId,
    kind: 'product',
    model: '',
    serial: '',
    plate: '',
    purchase_date: '',
    warranty_months: 12,
    equipment_class: '',
  }
}

/** Blank phone/address lines are not sent. */
function clean(c: CustomerInput): CustomerInput {
  const lines = (xs: string[]) => xs.map((x) => x.trim()).filter((x) => x !== '')
  return { ...c, name: c.name.trim(), company: c.company.trim(), phones: lines(c.phones), addresses: lines(c.addresses) }
}

export const useCustomersStore = defineStore('customers', {
  actions: {
    async search(q: string, offset: number, limit: number): Promise<fieldbook.CustomerPage> {
      const page = await Search(q.trim(), offset, Math.min(limit, 200))
      return { total: page?.total ?? 0, more: !!page?.more, offset: page?.offset ?? offset, rows: page?.rows ?? [], indexing: page?.indexing } as fieldbook.CustomerPage
    },
    get(id: string): Promise<CustomerView> {
      return Get(id)
    },
    /** Rejects with Go's error; field paths are `name`, `phones.0`, … of the cleaned lists. */
    save(c: CustomerInput): Promise<fieldbook.Customer> {
      return Save(clean(c) as unknown as fieldbook.Customer)
    },
    /** An autosave of an existing customer's form against its base, field by field (refusals and conflicts per field). */
    saveEdit(c: CustomerRecord & { id: string }, base: CustomerRecord & { id: string }): Promise<fieldbook.CustomerSave> {
      return SaveEdit({ customer: c, base } as unknown as fieldbook.CustomerEdit)
    },
    /**
     * The customer form kept on this laptop: for id "" the new customer being typed; for a
     * customer the values the store refused, kept as typed (Go keeps those while saving).
     */
    async draft(id: string): Promise<fieldbook.CustomerDraft | null> {
      return (await Draft(id)) ?? null
    },
    /** Keeps the new-customer form as typed, valid or not, on this laptop (never synced). */
    keepDraft(c: CustomerInput): Promise<void> {
      return KeepDraft({ ...c, id: '', phones: [...c.phones], addresses: [...c.addresses] } as unknown as fieldbook.Customer)
    },
    /** Drops the customer form kept on this laptop (id "" the new customer's). */
    discardDraft(id: string): Promise<void> {
      return DiscardDraft(id)
    },
    /** Customers a new one may duplicate: the same mobile number, or the same name at the same address. */
    async similar(c: CustomerInput): Promise<fieldbook.SimilarCustomer[]> {
      return (await Similar(clean(c) as unknown as fieldbook.Customer)) ?? []
    },
    saveAsset(a: AssetInput): Promise<fieldbook.Asset> {
      const payload = {
        ...a,
        model: a.model.trim(),
        serial: a.serial.trim(),
        plate: a.plate.trim(),
        equipment_class: a.kind === 'equipment' ? a.equipment_class : '',
      }
      return SaveAsset(payload as unknown as fieldbook.Asset)
    },
  },
})
