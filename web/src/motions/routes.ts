// The pages of motions (议案) and interpellations (质询案): one list for
// everyone who may see them (the presidium and staff see all; a delegate
// their own and those open to sign), a form to submit either, and one page
// per item that offers the steps the server's `viewer` allows.
import type { RouteRecordRaw } from 'vue-router';
import type { Role } from '../api/types';

export const MOTION_ROLES: readonly Role[] = ['staff', 'presidium', 'delegate'];

/** Children of the shell. */
export const motionRoutes: RouteRecordRaw[] = [
  { path: 'motions', name: 'motions', component: () => import('./ListPage.vue'), meta: { roles: MOTION_ROLES } },
  { path: 'motions/new', name: 'motions-new', component: () => import('./NewPage.vue'), meta: { roles: ['delegate'] } },
  { path: 'motions/:id(\\d+)', name: 'motion', component: () => import('./MotionPage.vue'), meta: { roles: MOTION_ROLES } },
  {
    path: 'motions/interpellations/:id(\\d+)',
    name: 'interpellation',
    component: () => import('./InterpellationPage.vue'),
    meta: { roles: MOTION_ROLES },
  },
];
