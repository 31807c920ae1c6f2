// The floor's errors in the user's language. The server names the field and
// the code ("attendance" + forbidden: not checked in); the text depends on
// the page too (a "state" conflict on the device is a vote that is not
// open, at the console a step out of order). Looks up, in order:
//   floor.errors.<scope>.<field>_<code>, floor.errors.<field>_<code>,
// then the general text for the error (api/errors.ts).
import { ApiError } from '../api/client';
import { errorText } from '../api/errors';
import { i18n } from '../i18n';

const { t, te } = i18n.global;

export type ErrorScope = 'device' | 'checkin' | 'console' | 'desk' | 'roster';

export function floorError(e: unknown, scope: ErrorScope): string {
  if (e instanceof ApiError && e.status !== 0) {
    const key = `${e.field ?? ''}_${e.code}`;
    if (te(`floor.errors.${scope}.${key}`)) return t(`floor.errors.${scope}.${key}`);
    if (te(`floor.errors.${key}`)) return t(`floor.errors.${key}`);
  }
  return errorText(e);
}
