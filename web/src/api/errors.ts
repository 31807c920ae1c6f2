// Turns an error from the API client into a sentence for the user, in the
// current language. Status-based texts first (the server's message is for
// developers and logs), then the server's message as a last resort.
import type { Composer } from 'vue-i18n';
import { ApiError } from './client';

type T = Composer['t'];

export function errorText(t: T, e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 0) return t('errors.network');
    if (e.status === 401) return t('errors.badCredentials');
    if (e.status === 429) return t('errors.rateLimited');
    if (e.status === 403) return t('errors.forbidden');
    if (e.status === 404) return t('errors.notFound');
    if (e.status >= 500) return t('errors.server', { status: e.status });
    return t('errors.generic', { message: e.message || e.code });
  }
  return t('errors.generic', { message: e instanceof Error ? e.message : String(e) });
}
