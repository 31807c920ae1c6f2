// The roll of the newest term, for picking a delegate (route an issue to a
// delegate, a station's members, the staff's view of a duty record). Asked
// once per page load; only staff and presidium may read the roll.
import { ref } from 'vue';
import type { Delegate } from '../api/types';
import { listDelegates, listTerms } from '../floor/api';

const roll = ref<Delegate[]>([]);
let loading: Promise<void> | null = null;

/** The sitting delegates of the newest term (loaded on first use). */
export function useRoll() {
  if (!loading) {
    loading = (async () => {
      const terms = (await listTerms()).terms;
      const newest = [...terms].sort((a, b) => b.number - a.number)[0];
      if (!newest) return;
      roll.value = (await listDelegates(newest.id)).delegates.filter((d) => d.status !== 'terminated');
    })().catch((e: unknown) => {
      loading = null;
      throw e;
    });
  }
  return { roll, ready: loading };
}
