// Who is signed in. The session itself is an HttpOnly cookie the page never
// sees; the page keeps the account and its CSRF token in memory only, and
// asks /auth/me again after a reload.
import { fetchMe, setCsrfToken, signIn, signOut, type Session, type User } from '../api';

/** Why the account changed: a sign-in, a sign-out, or a session the server no longer knows. */
export type AccountChange = 'signed-in' | 'signed-out' | 'expired';

let user: User | null = null;
const listeners = new Set<(u: User | null, why: AccountChange) => void>();

function set(s: Session | null, why: AccountChange): void {
  user = s?.user ?? null;
  setCsrfToken(s?.csrf_token ?? null);
  for (const fn of listeners) fn(user, why);
}

/** currentUser is the signed-in account, or null for a public visitor. */
export function currentUser(): User | null {
  return user;
}

/** onAccountChange registers fn to run after every sign-in and sign-out. */
export function onAccountChange(fn: (u: User | null, why: AccountChange) => void): void {
  listeners.add(fn);
}

/**
 * restoreSession asks the server who this browser is. A public visitor (401)
 * and an unreachable server both leave the page public, without a word:
 * the map works the same for them.
 */
export async function restoreSession(): Promise<void> {
  try {
    const s = await fetchMe();
    if (s) set(s, 'signed-in');
  } catch {
    // See above.
  }
}

/** login signs in; it throws the server's ApiError (401, 429, …) as it comes. */
export async function login(email: string, password: string): Promise<User> {
  const s = await signIn(email, password);
  set(s, 'signed-in');
  return s.user;
}

/** logout ends the session on the server, then here. */
export async function logout(): Promise<void> {
  await signOut();
  set(null, 'signed-out');
}

/** forget makes the page public again after the server said the session is gone (401). */
export function forget(): void {
  if (user) set(null, 'expired');
}
