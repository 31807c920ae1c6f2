// Turns an error from the API client into a sentence for the user, in the
// current language. The server's own message is English and meant for
// developers and logs; the user sees a text chosen by the status and the
// error code (docs/api/openapi.yaml lists the codes), and only where we have
// none, the server's message.
import { ApiError } from './client';
import { i18n } from '../i18n';

const { t, te } = i18n.global;

export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 0) return t('errors.network');
    if (e.status === 401) return t('errors.badCredentials');
    if (e.status === 429) return t('errors.rateLimited');
    if (te(`errors.code.${e.code}`)) return t(`errors.code.${e.code}`);
    if (e.status === 403) return t('errors.forbidden');
    if (e.status === 404) return t('errors.notFound');
    if (e.status >= 500) return t('errors.server', { status: e.status });
    return t('errors.generic', { message: e.message || e.code });
  }
  return t('errors.generic', { message: e instanceof Error ? e.message : String(e) });
}

/**
 * For forms: when the server names one of this form's fields, the text to
 * show under it — `<prefix>.<field>_<code>` if there is one, else the text
 * for the code. Null when the error is not about one of these fields.
 */
export function fieldError(e: unknown, prefix: string, fields: readonly string[]): { field: string; text: string } | null {
  if (!(e instanceof ApiError) || !e.field || !fields.includes(e.field)) return null;
  const key = `${prefix}.${e.field}_${e.code}`;
  return { field: e.field, text: te(key) ? t(key) : errorText(e) };
}
