// The rules of signing in (issue 14, build 1), pure: what a password must be, when a session has ended, when
// a username is locked after failed attempts, and the shapes of the credentials. The repositories and the
// API apply them; nothing here reads a clock (the caller passes `now`).
import type { Role } from './reference';

/** Bearer credentials by kind, told apart by prefix so a log line or a leak says what was exposed. */
export const SESSION_PREFIX = 'cfs_';
export const API_KEY_PREFIX = 'cfk_';

export const USERNAME_PATTERN = '^[a-zA-Z][a-zA-Z0-9._-]{2,63}$';
/** NIST SP 800-63B §5.1.1.2: at least 8 characters for a memorized secret; 12 here, as it guards identities. */
export const PASSWORD_MIN = 12;
/** Argon2 reads every byte; a bound keeps a hostile 1 MB password from costing the server. */
export const PASSWORD_MAX = 256;

/** Usernames are matched without regard to case: `Zhang.San` and `zhang.san` are one account. */
export const normalizeUsername = (s: string): string => s.trim().toLowerCase();

/** Why a password is refused, or null. Length is the measure that counts (SP 800-63B), not character classes. */
export function refusePassword(password: string, username: string): string | null {
  if ([...password].length < PASSWORD_MIN) return `密码至少 ${PASSWORD_MIN} 个字符`;
  if ([...password].length > PASSWORD_MAX) return `密码至多 ${PASSWORD_MAX} 个字符`;
  if (normalizeUsername(password).includes(normalizeUsername(username))) return '密码不能包含用户名';
  if (new Set(password).size < 4) return '密码过于简单';
  return null;
}

export interface SessionTimes {
  expiresAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
}

/** Whether a session still signs its holder in: not revoked, not past its end, not idle too long. */
export function sessionLive(s: SessionTimes, now: Date, idleMinutes: number): boolean {
  if (s.revokedAt) return false;
  if (now.getTime() >= s.expiresAt.getTime()) return false;
  return now.getTime() - s.lastSeenAt.getTime() < idleMinutes * 60_000;
}

/** last_seen_at is written at most once a minute per session, not on every request. */
export const touchDue = (lastSeenAt: Date, now: Date): boolean =>
  now.getTime() - lastSeenAt.getTime() >= 60_000;

export interface FailureState {
  failures: number;
  lockedUntil: Date | null;
}

/** Whether sign-in for this username is refused now, before the password is even checked. */
export const lockedNow = (f: FailureState | null, now: Date): boolean =>
  !!f?.lockedUntil && f.lockedUntil.getTime() > now.getTime();

/**
 * The state after one more failed attempt: the `maxFailures`-th consecutive failure locks the username for
 * `lockMinutes`; a failure after a lock has run out starts counting again from one.
 */
export function afterFailure(
  f: FailureState | null,
  now: Date,
  policy: { maxFailures: number; lockMinutes: number },
): FailureState {
  const expired = !!f?.lockedUntil && f.lockedUntil.getTime() <= now.getTime();
  const failures = (expired || !f ? 0 : f.failures) + 1;
  return {
    failures,
    lockedUntil:
      failures >= policy.maxFailures ? new Date(now.getTime() + policy.lockMinutes * 60_000) : null,
  };
}

/** The user as a sign-in answers it, the same shape as GET /api/me. */
export interface SignedInUser {
  userId: string;
  role: Role;
  unit: { id: string; name: string };
  regionCode: string;
  displayName: string;
}
