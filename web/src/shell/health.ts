// GET /api/health, asked once per page load: server version and, if the
// server sends one, the congress's name for the header.
import { ref } from 'vue';
import { api } from '../api/client';
import type { Health } from '../api/types';

export const health = ref<Health | null>(null);
let asked = false;

export function loadHealth(): void {
  if (asked) return;
  asked = true;
  api
    .get<Health>('/api/health', { redirectOn401: false })
    .then((h) => {
      health.value = h;
    })
    .catch(() => {
      asked = false;
    });
}
