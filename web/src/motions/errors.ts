// Errors of this area in the user's language: motions.errors.<field>_<code>
// when there is one (e.g. signers_conflict: fewer than 10 sitting signers),
// else the general text (api/errors.ts).
import { ApiError } from '../api/client';
import { errorText } from '../api/errors';
import { i18n } from '../i18n';

const { t, te } = i18n.global;

export function motionError(e: unknown): string {
  if (e instanceof ApiError && e.status !== 0) {
    const key = `motions.errors.${e.field ?? ''}_${e.code}`;
    if (te(key)) return t(key);
  }
  return errorText(e);
}
