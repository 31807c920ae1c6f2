// The areas of the application, in menu order: route, menu label (i18n key)
// and the roles that see them. The router and the side menu both read this
// table, so a role never sees a menu entry it cannot open. The server checks
// every request again: hiding a menu entry is convenience, not security.
import type { Role } from '../api/types';

export interface Area {
  /** Route name and the last part of the i18n key nav.<name>. */
  name: 'home' | 'floor' | 'elections' | 'motions' | 'opinions' | 'duty' | 'audit' | 'users';
  path: string;
  /** Roles that see the area; empty = every signed-in user. */
  roles: readonly Role[];
}

export const AREAS: readonly Area[] = [
  { name: 'home', path: '/', roles: [] },
  { name: 'floor', path: '/floor', roles: ['staff', 'presidium', 'delegate'] },
  { name: 'elections', path: '/elections', roles: ['staff', 'presidium', 'delegate'] },
  { name: 'motions', path: '/motions', roles: ['staff', 'presidium', 'delegate', 'handling_unit'] },
  { name: 'opinions', path: '/opinions', roles: ['staff', 'delegate'] },
  { name: 'duty', path: '/duty', roles: ['staff', 'delegate'] },
  { name: 'audit', path: '/audit', roles: ['staff', 'auditor'] },
  { name: 'users', path: '/users', roles: ['staff'] },
];
