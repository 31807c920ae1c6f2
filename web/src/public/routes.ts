// The public channel's pages (社情民意), for anyone, without signing in:
// the portal, submitting an issue (also from a delegate's code 代表码:
// /public/submit?delegate=ID), tracking it by its code, the open data and a
// delegate's public profile. They sit in a light layout of their own, not
// the shell: a citizen's phone on a slow network loads only these pages.
import type { RouteRecordRaw } from 'vue-router';

export const publicRoutes: RouteRecordRaw = {
  path: '/public',
  component: () => import('./PublicLayout.vue'),
  meta: { public: true },
  children: [
    { path: '', name: 'public', component: () => import('./PortalPage.vue'), meta: { public: true } },
    { path: 'submit', name: 'public-submit', component: () => import('./SubmitPage.vue'), meta: { public: true } },
    { path: 'track/:code?', name: 'public-track', component: () => import('./TrackPage.vue'), meta: { public: true } },
    { path: 'dashboard', name: 'public-dashboard', component: () => import('./DashboardPage.vue'), meta: { public: true } },
    { path: 'delegates/:id(\\d+)', name: 'public-delegate', component: () => import('./DelegatePage.vue'), meta: { public: true } },
  ],
};
