// The floor's pages. /floor itself leads to the page for the user's roles:
// the console for staff and presidium, the voting device for a delegate.
// The big screen is outside the shell (no menu, the whole display).
import type { RouteRecordRaw } from 'vue-router';
import type { Role } from '../api/types';
import { hasAnyRole } from '../auth/session';

const OFFICERS: readonly Role[] = ['staff', 'presidium'];

/** Where 会议 leads for the signed-in user. */
export function floorHome(): string {
  return hasAnyRole(OFFICERS) ? '/floor/console' : '/floor/device';
}

/** Children of the shell. */
export const floorRoutes: RouteRecordRaw[] = [
  {
    path: 'floor',
    name: 'floor',
    // Never shown: beforeEnter (after the session is loaded) sends the user on.
    component: () => import('../shell/NotFoundPage.vue'),
    beforeEnter: () => floorHome(),
    meta: { roles: ['staff', 'presidium', 'delegate'] },
  },
  {
    path: 'floor/device',
    name: 'floor-device',
    component: () => import('./device/DevicePage.vue'),
    meta: { roles: ['delegate'] },
  },
  {
    path: 'floor/console/:plenaryId(\\d+)?',
    name: 'floor-console',
    component: () => import('./console/ConsolePage.vue'),
    meta: { roles: OFFICERS },
  },
  {
    path: 'floor/roster',
    name: 'floor-roster',
    component: () => import('./roster/RosterPage.vue'),
    meta: { roles: ['staff'] },
  },
  {
    path: 'floor/attendance/:plenaryId(\\d+)?',
    name: 'floor-desk',
    component: () => import('./desk/DeskPage.vue'),
    meta: { roles: ['staff'] },
  },
];

/** The big screen: any signed-in user (the hall display's own account). */
export const screenRoute: RouteRecordRaw = {
  path: '/floor/screen/:plenaryId(\\d+)',
  name: 'floor-screen',
  component: () => import('./screen/ScreenPage.vue'),
};
