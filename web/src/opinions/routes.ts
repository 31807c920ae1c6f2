// The signed-in pages of the public channel (社情民意). The list itself
// (/opinions, OpinionsPage.vue) is an area page made from shell/areas.ts;
// these are the rest: one issue, and the liaison stations (staff).
import type { RouteRecordRaw } from 'vue-router';

/** Children of the shell. */
export const opinionRoutes: RouteRecordRaw[] = [
  {
    path: 'opinions/:id(\\d+)',
    name: 'opinion',
    component: () => import('./DetailPage.vue'),
    meta: { roles: ['staff', 'delegate'] },
  },
  {
    path: 'opinions/stations',
    name: 'stations',
    component: () => import('./StationsPage.vue'),
    meta: { roles: ['staff'] },
  },
];
