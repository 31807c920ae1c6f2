// The elections' errors in the user's language, like floor/errors.ts: the
// server names the field and the code ("attendance" + forbidden: not checked
// in); the text depends on the page. Looks up, in order:
//   elections.errors.<scope>.<field>_<code>, elections.errors.<field>_<code>,
// then the general text for the error (api/errors.ts).
import { ApiError } from '../api/client';
import { errorText } from '../api/errors';
import { i18n } from '../i18n';

const { t, te } = i18n.global;

export type ElectionErrorScope = 'console' | 'ballot' | 'form';

export function electionError(e: unknown, scope: ElectionErrorScope): string {
  if (e instanceof ApiError && e.status !== 0) {
    const key = `${e.field ?? ''}_${e.code}`;
    if (te(`elections.errors.${scope}.${key}`)) return t(`elections.errors.${scope}.${key}`);
    if (te(`elections.errors.${key}`)) return t(`elections.errors.${key}`);
  }
  return errorText(e);
}
