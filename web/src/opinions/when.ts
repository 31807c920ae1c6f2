// Times of the public channel, shown in the deployment's time zone
// (Asia/Shanghai). The server sends milliseconds since the epoch (or, on
// some answers, ISO 8601); both are accepted.
import { computed } from 'vue';
import { currentLocale } from '../i18n';
import type { Instant } from './types';

const ZONE = 'Asia/Shanghai';

const dateTime = computed(
  () =>
    new Intl.DateTimeFormat(currentLocale.value, {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
      timeZone: ZONE,
    }),
);
const dateOnly = computed(
  () => new Intl.DateTimeFormat(currentLocale.value, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: ZONE }),
);

function toDate(at: Instant | null | undefined): Date | null {
  if (at === null || at === undefined || at === '') return null;
  const d = new Date(typeof at === 'number' ? at : /^\d+$/.test(at) ? Number(at) : at);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Date and time, e.g. 2026/03/05 14:20; '' when absent. */
export function when(at: Instant | null | undefined): string {
  const d = toDate(at);
  return d ? dateTime.value.format(d) : typeof at === 'string' ? at : '';
}

/** The date only. */
export function day(at: Instant | null | undefined): string {
  const d = toDate(at);
  return d ? dateOnly.value.format(d) : typeof at === 'string' ? at : '';
}

/** Today in Asia/Shanghai as YYYY-MM-DD (the default date of a new activity). */
export function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
