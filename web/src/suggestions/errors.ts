// The suggestions' errors in the user's language, like elections/errors.ts:
// the server names the field and the code (state + conflict: the step does
// not fit the item's state now). Looks up suggestions.errors.<field>_<code>,
// then the general text for the error (api/errors.ts).
import { ApiError } from '../api/client';
import { errorText } from '../api/errors';
import { i18n } from '../i18n';

const { t, te } = i18n.global;

export function suggestionError(e: unknown): string {
  if (e instanceof ApiError && e.status !== 0) {
    const key = `suggestions.errors.${e.field ?? ''}_${e.code}`;
    if (te(key)) return t(key);
  }
  return errorText(e);
}
