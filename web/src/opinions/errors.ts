// The public channel's errors in the user's language, like
// suggestions/errors.ts: opinions.errors.<field>_<code> when there is one,
// else the general text for the error (api/errors.ts).
import { ApiError } from '../api/client';
import { errorText } from '../api/errors';
import { i18n } from '../i18n';

const { t, te } = i18n.global;

export function opinionError(e: unknown): string {
  if (e instanceof ApiError && e.status !== 0) {
    const key = `opinions.errors.${e.field ?? ''}_${e.code}`;
    if (te(key)) return t(key);
  }
  return errorText(e);
}
