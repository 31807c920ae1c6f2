// The users area of the API (src/api/admin): accounts and roles.
import { api } from '../api/client';
import type { UserList } from '../api/types';

export function listUsers(): Promise<UserList> {
  return api.get<UserList>('/api/users');
}
