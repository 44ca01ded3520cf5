import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'
import TodayPage from '../pages/TodayPage.vue'
import JobsPage from '../pages/JobsPage.vue'

// Hash history: Wails serves the app from a custom scheme with no server-side routing.
// The first pages a user sees (工作台, 工单) are in the main chunk; every other page is a
// chunk of its own, loaded when first opened, so the window parses only what its first
// page needs (the record forms, the archive, settings and the statistics' chart library
// are most of the code). `nav` names the menu entry a detail page belongs to.
export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/today' },
  { path: '/today', name: 'today', component: TodayPage },
  { path: '/jobs', name: 'jobs', component: JobsPage },
  { path: '/desk', name: 'desk', component: () => import('../pages/DeskPage.vue') },
  { path: '/complaints', name: 'complaints', component: () => import('../pages/ComplaintsPage.vue') },
  { path: '/desk-stats', name: 'deskStats', component: () => import('../pages/DeskStatsPage.vue') },
  { path: '/jobs/:id', name: 'job', component: () => import('../pages/JobPage.vue'), meta: { nav: 'jobs' } },
  { path: '/visits/:id', name: 'visit', component: () => import('../pages/VisitPage.vue'), meta: { nav: 'jobs' } },
  { path: '/checklists/:id', name: 'checklist', component: () => import('../pages/ChecklistPage.vue'), meta: { nav: 'jobs' } },
  { path: '/customers', name: 'customers', component: () => import('../pages/CustomersPage.vue') },
  { path: '/customers/:id', name: 'customer', component: () => import('../pages/CustomerPage.vue'), meta: { nav: 'customers' } },
  { path: '/archive', name: 'archive', component: () => import('../pages/ArchivePage.vue') },
  { path: '/archive/:id', name: 'archiveJob', component: () => import('../pages/ArchiveJobPage.vue'), meta: { nav: 'archive' } },
  { path: '/stats', name: 'stats', component: () => import('../pages/StatsPage.vue') },
  { path: '/settings', name: 'settings', component: () => import('../pages/SettingsPage.vue') },
  { path: '/:pathMatch(.*)*', redirect: '/today' },
]

export function makeRouter() {
  return createRouter({ history: createWebHashHistory(), routes })
}
