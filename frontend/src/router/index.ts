import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'
import TodayPage from '../pages/TodayPage.vue'
import JobsPage from '../pages/JobsPage.vue'
import JobPage from '../pages/JobPage.vue'
import VisitPage from '../pages/VisitPage.vue'
import ChecklistPage from '../pages/ChecklistPage.vue'
import CustomersPage from '../pages/CustomersPage.vue'
import CustomerPage from '../pages/CustomerPage.vue'
import ArchivePage from '../pages/ArchivePage.vue'
import ArchiveJobPage from '../pages/ArchiveJobPage.vue'
import SettingsPage from '../pages/SettingsPage.vue'

// Hash history: Wails serves the app from a custom scheme with no server-side routing.
// Pages are bundled eagerly: everything is local, so there is nothing to gain by splitting —
// except the statistics page, whose chart library (echarts) is most of a chunk of its own.
// `nav` names the menu entry a detail page belongs to.
export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/today' },
  { path: '/today', name: 'today', component: TodayPage },
  { path: '/jobs', name: 'jobs', component: JobsPage },
  { path: '/jobs/:id', name: 'job', component: JobPage, meta: { nav: 'jobs' } },
  { path: '/visits/:id', name: 'visit', component: VisitPage, meta: { nav: 'jobs' } },
  { path: '/checklists/:id', name: 'checklist', component: ChecklistPage, meta: { nav: 'jobs' } },
  { path: '/customers', name: 'customers', component: CustomersPage },
  { path: '/customers/:id', name: 'customer', component: CustomerPage, meta: { nav: 'customers' } },
  { path: '/archive', name: 'archive', component: ArchivePage },
  { path: '/archive/:id', name: 'archiveJob', component: ArchiveJobPage, meta: { nav: 'archive' } },
  { path: '/stats', name: 'stats', component: () => import('../pages/StatsPage.vue') },
  { path: '/settings', name: 'settings', component: SettingsPage },
  { path: '/:pathMatch(.*)*', redirect: '/today' },
]

export function makeRouter() {
  return createRouter({ history: createWebHashHistory(), routes })
}
