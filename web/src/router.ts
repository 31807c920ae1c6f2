// Routes and the guard. Every page but /login needs a signed-in user: the
// first navigation asks GET /api/auth/me; without a session the user lands on
// /login?redirect=<where they wanted to go>. A page the user's roles do not
// open sends them home. Pages are loaded lazily so the login page stays small.
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import type { Role } from './api/types';
import { onUnauthenticated } from './api/client';
import { forget, hasAnyRole, loadSession, session } from './auth/session';
import { stopEvents } from './events/useEvents';
import { AREAS } from './shell/areas';
import { floorRoutes, screenRoute } from './floor/routes';
import { announcementRoute, electionRoutes } from './elections/routes';
import { suggestionRoutes } from './suggestions/routes';
import { motionRoutes } from './motions/routes';
import { opinionRoutes } from './opinions/routes';
import { publicRoutes } from './public/routes';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean;
    /** Roles that may open the page; absent or empty = any signed-in user. */
    roles?: readonly Role[];
  }
}

// Pages of the areas that are one page; the floor, the elections and the
// suggestions have their own routes (floor/, elections/, suggestions/routes.ts).
const pages: Record<string, () => Promise<unknown>> = {
  home: () => import('./shell/HomePage.vue'),
  opinions: () => import('./opinions/OpinionsPage.vue'),
  duty: () => import('./duty/DutyPage.vue'),
  audit: () => import('./audit/AuditPage.vue'),
  users: () => import('./users/UsersPage.vue'),
};

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('./auth/LoginPage.vue'), meta: { public: true } },
  screenRoute,
  announcementRoute,
  publicRoutes,
  // The published handling report of suggestions (DL art. 51(3)), in the public layout.
  {
    path: '/public/suggestions',
    component: () => import('./public/PublicLayout.vue'),
    meta: { public: true },
    children: [
      { path: '', name: 'public-suggestions', component: () => import('./suggestions/PublicReportPage.vue'), meta: { public: true } },
    ],
  },
  {
    path: '/',
    component: () => import('./shell/AppShell.vue'),
    children: [
      ...AREAS.filter((a) => a.name in pages).map((a) => ({
        path: a.path === '/' ? '' : a.path.slice(1),
        name: a.name,
        component: pages[a.name],
        meta: { roles: a.roles },
      })),
      ...floorRoutes,
      ...electionRoutes,
      ...suggestionRoutes,
      ...motionRoutes,
      ...opinionRoutes,
      { path: ':rest(.*)*', name: 'not-found', component: () => import('./shell/NotFoundPage.vue') },
    ],
  },
];

export const router = createRouter({
  history: createWebHistory('/'),
  routes,
});

router.beforeEach(async (to) => {
  // The public channel's pages (/public) need no session: a citizen's phone
  // on a slow network does not wait for /api/auth/me before the first page.
  if (to.meta.public && to.path.startsWith('/public')) return true;
  if (!session.loaded) await loadSession();
  if (to.meta.public) {
    if (to.name === 'login' && session.user) {
      const r = to.query.redirect;
      return typeof r === 'string' && r.startsWith('/') && !r.startsWith('//') ? r : { name: 'home' };
    }
    return true;
  }
  if (!session.user) {
    return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  }
  if (!hasAnyRole(to.meta.roles)) return { name: 'home' };
  return true;
});

// Any 401 from the API: the session expired or was revoked elsewhere.
onUnauthenticated(() => {
  if (!session.user) return;
  forget();
  stopEvents();
  const here = router.currentRoute.value;
  if (here.name !== 'login') {
    void router.push({ name: 'login', query: { redirect: here.fullPath, expired: '1' } });
  }
});
