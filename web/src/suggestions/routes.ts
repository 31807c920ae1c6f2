// The suggestions' pages (建议、批评和意见, RULES §5). 议案建议 in the menu
// leads each role to its list: a delegate to 我的建议, the office to all
// suggestions, a handling unit to its inbox. One detail page serves every
// role; what it offers depends on the roles and on the item's state (the
// server decides again on every step).
import type { RouteRecordRaw } from 'vue-router';
import type { Role } from '../api/types';
import { hasAnyRole } from '../auth/session';

export const SUGGESTION_ROLES: readonly Role[] = ['staff', 'delegate', 'handling_unit'];

/** Where 议案建议 leads for the signed-in user. */
export function suggestionsHome(): string {
  if (hasAnyRole(['staff'])) return '/suggestions/office';
  if (hasAnyRole(['handling_unit'])) return '/suggestions/inbox';
  return '/suggestions/mine';
}

/** Children of the shell. */
export const suggestionRoutes: RouteRecordRaw[] = [
  {
    path: 'suggestions',
    name: 'suggestions',
    // Never shown: beforeEnter (after the session is loaded) sends the user on.
    component: () => import('../shell/NotFoundPage.vue'),
    beforeEnter: () => suggestionsHome(),
    meta: { roles: SUGGESTION_ROLES },
  },
  {
    path: 'suggestions/mine',
    name: 'suggestions-mine',
    component: () => import('./MinePage.vue'),
    meta: { roles: ['delegate'] },
  },
  {
    path: 'suggestions/new',
    name: 'suggestions-new',
    component: () => import('./NewPage.vue'),
    meta: { roles: ['delegate'] },
  },
  {
    path: 'suggestions/office',
    name: 'suggestions-office',
    component: () => import('./OfficePage.vue'),
    meta: { roles: ['staff'] },
  },
  {
    path: 'suggestions/units',
    name: 'suggestions-units',
    component: () => import('./UnitsPage.vue'),
    meta: { roles: ['staff'] },
  },
  {
    path: 'suggestions/report',
    name: 'suggestions-report',
    component: () => import('./ReportPage.vue'),
    meta: { roles: ['staff'] },
  },
  {
    path: 'suggestions/inbox',
    name: 'suggestions-inbox',
    component: () => import('./InboxPage.vue'),
    meta: { roles: ['handling_unit'] },
  },
  {
    path: 'suggestions/:id(\\d+)',
    name: 'suggestion',
    component: () => import('./DetailPage.vue'),
    meta: { roles: SUGGESTION_ROLES },
  },
];
