// How each document state looks wherever the completeness check is shown
// (the technician's hand-in card, the clerk's document list).
import type { Component } from 'vue'
import { AlertCircle, CheckmarkCircle, CloseCircle, EllipseOutline } from '@vicons/ionicons5'
import type { DocState } from '../api/archive'
import type { TagType } from '../api/format'

export const docLook: Record<DocState, { icon: Component; color: string; tag: TagType }> = {
  OK: { icon: CheckmarkCircle, color: '#18a058', tag: 'success' },
  Problems: { icon: AlertCircle, color: '#f0a020', tag: 'warning' },
  Missing: { icon: CloseCircle, color: '#d03050', tag: 'error' },
  NotNeeded: { icon: EllipseOutline, color: '#c2c6cc', tag: 'default' },
}
