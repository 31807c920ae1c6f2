// Times of steps, shown in the deployment's time zone (Asia/Shanghai).
import { computed } from 'vue';
import { currentLocale } from '../i18n';

const fmt = computed(
  () =>
    new Intl.DateTimeFormat(currentLocale.value, {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
      timeZone: 'Asia/Shanghai',
    }),
);

export function when(at: string): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : fmt.value.format(d);
}
