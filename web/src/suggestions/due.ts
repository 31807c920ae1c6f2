// How a due date looks in a list: 已超期 when it is before today,
// 即将到期 when it is within 15 days. The due date itself is the server's
// (DL art. 51(2)); here only "today" is needed, in the deployment's time
// zone (Asia/Shanghai, RULES §5), so a browser elsewhere shows the same.
import type { Suggestion } from '../api/types';

/** How many days "soon" means for the inbox badge. */
export const SOON_DAYS = 15;

/** Today in Asia/Shanghai as YYYY-MM-DD. */
export function todayShanghai(now: number = Date.now()): string {
  return new Date(now + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

function dayNumber(ymd: string): number {
  return Math.floor(Date.parse(`${ymd}T00:00:00Z`) / 86400000);
}

export type DueMark = 'overdue' | 'soon' | null;

/** The mark of an item whose reply is due (due_on set), else null. */
export function dueMark(s: Suggestion, today: string = todayShanghai()): DueMark {
  if (!s.due_on) return null;
  const left = dayNumber(s.due_on) - dayNumber(today);
  if (Number.isNaN(left)) return null;
  if (left < 0) return 'overdue';
  return left <= SOON_DAYS ? 'soon' : null;
}

