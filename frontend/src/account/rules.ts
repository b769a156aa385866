// What the signed-in account may do or see, as the page needs to know it to
// offer the right buttons. The server decides every write and every
// sensitive place itself; these mirror its rules (account.MayModerate and
// account.ExactScope) only so that the page offers nothing it would refuse.
import type { SiteProperties, User } from '../api';

/** Place is where a site belongs. */
export type Place = Pick<SiteProperties, 'oblast_code' | 'hromada_code'>;

function active(u: User | null): u is User {
  return u !== null && !u.disabled;
}

/** mayModerate: admins anywhere, moderators in their oblasts. */
export function mayModerate(u: User | null, p: Place): boolean {
  if (!active(u)) return false;
  return u.role === 'admin' || (u.role === 'moderator' && u.oblast_codes.includes(p.oblast_code));
}

/**
 * seesExactly tells whether the server shows this account a sensitive
 * site's real place, name and description: admins every one, moderators
 * those in their oblasts, editors those in their hromadas.
 */
export function seesExactly(u: User | null, p: Place): boolean {
  if (!active(u)) return false;
  switch (u.role) {
    case 'admin':
      return true;
    case 'moderator':
      return u.oblast_codes.includes(p.oblast_code);
    case 'editor':
      return p.hromada_code !== null && u.hromada_codes.includes(p.hromada_code);
    default:
      return false;
  }
}
