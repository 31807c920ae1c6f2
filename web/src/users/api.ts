// The users area of the API (src/api/users.c): accounts and roles. Staff only.
import { api } from '../api/client';
import type { Role, UserList, UserRow } from '../api/types';

export function listUsers(): Promise<UserList> {
  return api.get<UserList>('/api/users');
}

export interface NewUser {
  username: string;
  display_name: string;
  password: string;
  roles: Role[];
}

/** Creates an account. 400 names the field at fault; 409 on a taken username. */
export function createUser(u: NewUser): Promise<{ user: UserRow }> {
  return api.post<{ user: UserRow }>('/api/users', u);
}

/** Replaces an account's roles. 409 when staff would remove their own staff role. */
export function setRoles(id: number, roles: Role[]): Promise<{ user: UserRow }> {
  return api.put<{ user: UserRow }>(`/api/users/${id}/roles`, { roles });
}
