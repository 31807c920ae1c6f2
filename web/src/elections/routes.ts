// The elections' pages. In the shell: the list of a session's elections, one
// election's console (candidates, rounds, decisions), a delegate's ballot and
// the receipts of a round. Outside the shell and without signing in: the
// public announcement (公告) of a round.
import type { RouteRecordRaw } from 'vue-router';

/** Children of the shell. */
export const electionRoutes: RouteRecordRaw[] = [
  {
    path: 'elections',
    name: 'elections',
    component: () => import('./ElectionsPage.vue'),
    meta: { roles: ['staff', 'presidium', 'delegate'] },
  },
  {
    path: 'elections/:id(\\d+)',
    name: 'election',
    component: () => import('./ElectionPage.vue'),
    meta: { roles: ['staff', 'presidium', 'delegate'] },
  },
  {
    path: 'elections/ballot/:roundId(\\d+)',
    name: 'election-ballot',
    component: () => import('./BallotPage.vue'),
    meta: { roles: ['delegate'] },
  },
  {
    path: 'elections/direct',
    name: 'elections-direct',
    component: () => import('./DirectElectionsPage.vue'),
    meta: { roles: ['staff', 'presidium', 'auditor'] },
  },
  {
    path: 'elections/receipts/:roundId(\\d+)',
    name: 'election-receipts',
    component: () => import('./ReceiptsPage.vue'),
  },
];

/** The public announcement: anyone, no session needed (the API answers without one). */
export const announcementRoute: RouteRecordRaw = {
  path: '/announcement/:roundId(\\d+)',
  name: 'announcement',
  component: () => import('./AnnouncementPage.vue'),
  meta: { public: true },
};
