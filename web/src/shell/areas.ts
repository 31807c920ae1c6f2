// The areas of the application, in menu order: route, menu label (i18n key)
// and the roles that see them. The router and the side menu both read this
// table, so a role never sees a menu entry it cannot open. The server checks
// every request again: hiding a menu entry is convenience, not security.
import type { Role } from '../api/types';
import { floorHome } from '../floor/routes';
import { suggestionsHome } from '../suggestions/routes';

export interface Area {
  /** Route name and the last part of the i18n key nav.<name>. */
  name: 'home' | 'floor' | 'roster' | 'desk' | 'elections' | 'suggestions' | 'motions' | 'units' | 'opinions' | 'stations' | 'report' | 'direct' | 'duty' | 'audit' | 'users';
  path: string;
  /** Where the menu entry leads when that depends on the user's roles (default: path). */
  target?: () => string;
  /** Roles that see the area; empty = every signed-in user. */
  roles: readonly Role[];
}

export const AREAS: readonly Area[] = [
  { name: 'home', path: '/', roles: [] },
  // 会议: the console for staff and presidium, the voting device for delegates.
  { name: 'floor', path: '/floor', roles: ['staff', 'presidium', 'delegate'], target: floorHome },
  { name: 'roster', path: '/floor/roster', roles: ['staff'] },
  { name: 'desk', path: '/floor/attendance', roles: ['staff'] },
  { name: 'elections', path: '/elections', roles: ['staff', 'presidium', 'delegate'] },
  // 直接选举 (RULES §9): staff enter each constituency's figures, the rules decide.
  { name: 'direct', path: '/elections/direct', roles: ['staff'] },
  // 议案建议: 我的建议 for a delegate, all suggestions for the office, the inbox for a unit.
  { name: 'suggestions', path: '/suggestions', roles: ['staff', 'delegate', 'handling_unit'], target: suggestionsHome },
  { name: 'units', path: '/suggestions/units', roles: ['staff'] },
  // 议案与质询案: delegates submit and co-sign; the presidium and staff decide (web/src/motions).
  { name: 'motions', path: '/motions', roles: ['staff', 'presidium', 'delegate'] },
  { name: 'opinions', path: '/opinions', roles: ['staff', 'delegate'] },
  // 代表联络站: the office keeps the stations and who sits in each.
  { name: 'stations', path: '/opinions/stations', roles: ['staff'] },
  // 建议办理情况 (DL art. 51(3)): per unit and category, charts, XLSX and PDF.
  { name: 'report', path: '/suggestions/report', roles: ['staff'] },
  { name: 'duty', path: '/duty', roles: ['staff', 'delegate'] },
  { name: 'audit', path: '/audit', roles: ['staff', 'auditor'] },
  { name: 'users', path: '/users', roles: ['staff'] },
];

/** The menu index (and link) of an area for the signed-in user. */
export function areaLink(a: Area): string {
  return a.target ? a.target() : a.path;
}

/** The area a path belongs to: the longest area path it starts with. */
export function areaOf(path: string): Area | undefined {
  let best: Area | undefined;
  for (const a of AREAS) {
    const inside = a.path === '/' ? path === '/' : path === a.path || path.startsWith(a.path + '/');
    if (inside && (!best || a.path.length > best.path.length)) best = a;
  }
  return best;
}
