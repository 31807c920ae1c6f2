// A list of suggestions a page at a time (GET /api/suggestions), for the
// inbox, the office's list and 我的建议: the page number, the server's
// answer (that page, the total, the counts per state), loading and the
// error. load() asks for the current page again; when the list shrank under
// it (a live refresh, a filter) it goes to the last page there is. The page
// number is kept in the address (?page=3), so going back from an item
// returns to the page it was on.
import { computed, ref, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { listSuggestions, PER_PAGE, type SuggestionPage, type SuggestionQuery } from './api';
import { suggestionError } from './errors';

export function usePagedSuggestions(filters: () => Omit<SuggestionQuery, 'page' | 'per_page'> = () => ({})) {
  const route = useRoute();
  const router = useRouter();
  const asked = Number(route.query.page);
  const page = ref(Number.isInteger(asked) && asked > 1 ? asked : 1);
  const result = ref<SuggestionPage | null>(null);
  const error = ref('');
  const loading = ref(false);
  const items = computed(() => result.value?.suggestions ?? []);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      let r = await listSuggestions({ ...filters(), page: page.value, per_page: PER_PAGE });
      if (r.suggestions.length === 0 && r.total > 0 && page.value > 1) {
        page.value = Math.ceil(r.total / PER_PAGE);
        r = await listSuggestions({ ...filters(), page: page.value, per_page: PER_PAGE });
      }
      result.value = r;
      error.value = '';
    } catch (e) {
      error.value = suggestionError(e);
    } finally {
      loading.value = false;
    }
  }

  watch(page, (p) => {
    void router.replace({ query: { ...route.query, page: p > 1 ? String(p) : undefined } });
  });

  return { page, result, items, error, loading, load, perPage: PER_PAGE };
}
