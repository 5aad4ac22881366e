// Sessions, API keys, failed sign-ins and the administrator's view of users (issue 14, build 1). Tokens and
// keys are looked up by their sha256 only; passwords are stored only as argon2id hashes (api/sign-in.service).
import type { Executor } from './knex';
import type { Role } from '../domain/reference';
import type { FailureState, SessionTimes } from '../domain/sign-in';
import type { UserRecord } from './user.repository';

export interface SignInUser extends UserRecord {
  username: string;
  passwordHash: string | null;
  active: boolean;
}

const USER_COLUMNS = [
  'u.id',
  'u.role',
  'u.unit_id',
  'n.name as unit_name',
  'n.region_code',
  'u.display_name',
  'u.dev_only',
  'u.username',
  'u.password_hash',
  'u.active',
  'u.created_at',
  'u.disabled_at',
];

const toUser = (row: any): SignInUser => ({
  id: row.id,
  role: row.role,
  unitId: row.unit_id,
  unitName: row.unit_name,
  regionCode: row.region_code,
  displayName: row.display_name,
  devOnly: row.dev_only,
  username: row.username,
  passwordHash: row.password_hash,
  active: row.active,
});

const users = (db: Executor) => db('users as u').join('units as n', 'n.id', 'u.unit_id');

export async function findUserByUsername(db: Executor, normalized: string): Promise<SignInUser | null> {
  const row = await users(db)
    .whereRaw('lower(u.username) = ?', [normalized])
    .first(...USER_COLUMNS);
  return row ? toUser(row) : null;
}

export async function createSession(
  db: Executor,
  s: { id: string; tokenHash: string; userId: string; expiresAt: Date; now: Date },
): Promise<void> {
  await db('sessions').insert({
    id: s.id,
    token_hash: s.tokenHash,
    user_id: s.userId,
    created_at: s.now,
    last_seen_at: s.now,
    expires_at: s.expiresAt,
  });
}

export interface SessionCaller extends UserRecord, SessionTimes {
  sessionId: string;
}

/** The session of a token hash with its user, if the user is still active; liveness is for the caller. */
export async function findSessionByTokenHash(db: Executor, tokenHash: string): Promise<SessionCaller | null> {
  const row = await users(db)
    .join('sessions as s', 's.user_id', 'u.id')
    .where({ 's.token_hash': tokenHash, 'u.active': true })
    .first(...USER_COLUMNS, 's.id as session_id', 's.expires_at', 's.last_seen_at', 's.revoked_at');
  if (!row) return null;
  return {
    ...toUser(row),
    sessionId: row.session_id,
    expiresAt: row.expires_at,
    lastSeenAt: row.last_seen_at,
    revokedAt: row.revoked_at,
  };
}

export const touchSession = (db: Executor, id: string, now: Date) =>
  db('sessions').where({ id }).update({ last_seen_at: now });

export async function revokeSession(db: Executor, id: string, now: Date): Promise<void> {
  await db('sessions').where({ id }).whereNull('revoked_at').update({ revoked_at: now });
}

export async function revokeUserSessions(db: Executor, userId: string, now: Date): Promise<number> {
  return db('sessions').where({ user_id: userId }).whereNull('revoked_at').update({ revoked_at: now });
}

/** The failure record of a username key, locked for update (so parallel guesses are counted one by one). */
export async function lockFailures(db: Executor, key: string): Promise<FailureState> {
  await db('sign_in_failures').insert({ username_key: key }).onConflict('username_key').ignore();
  const row = await db('sign_in_failures').where({ username_key: key }).forUpdate().first();
  return { failures: row.failures, lockedUntil: row.locked_until };
}

export async function saveFailures(db: Executor, key: string, f: FailureState): Promise<void> {
  await db('sign_in_failures')
    .where({ username_key: key })
    .update({ failures: f.failures, locked_until: f.lockedUntil });
}

export async function clearFailures(db: Executor, key: string): Promise<void> {
  await db('sign_in_failures').where({ username_key: key }).delete();
}

export interface ApiKeyCaller extends UserRecord {
  apiKeyId: string;
  lastUsedAt: Date | null;
}

export async function findApiKeyByTokenHash(db: Executor, tokenHash: string): Promise<ApiKeyCaller | null> {
  const row = await users(db)
    .join('api_keys as k', 'k.user_id', 'u.id')
    .where({ 'k.token_hash': tokenHash, 'u.active': true })
    .whereNull('k.revoked_at')
    .first(...USER_COLUMNS, 'k.id as api_key_id', 'k.last_used_at');
  return row ? { ...toUser(row), apiKeyId: row.api_key_id, lastUsedAt: row.last_used_at } : null;
}

export const touchApiKey = (db: Executor, id: string, now: Date) =>
  db('api_keys').where({ id }).update({ last_used_at: now });

export interface ApiKeyView {
  id: string;
  userId: string;
  name: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const toKey = (r: any): ApiKeyView => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at).toISOString(),
  lastUsedAt: r.last_used_at ? new Date(r.last_used_at).toISOString() : null,
  revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
});

export async function createApiKey(
  db: Executor,
  k: { id: string; tokenHash: string; userId: string; name: string; createdBy: string },
): Promise<ApiKeyView> {
  const [row] = await db('api_keys')
    .insert({ id: k.id, token_hash: k.tokenHash, user_id: k.userId, name: k.name, created_by: k.createdBy })
    .returning('*');
  return toKey(row);
}

export async function listApiKeys(db: Executor, userId: string): Promise<ApiKeyView[]> {
  return (await db('api_keys').where({ user_id: userId }).orderBy('created_at')).map(toKey);
}

export async function findApiKey(db: Executor, id: string): Promise<ApiKeyView | null> {
  const row = await db('api_keys').where({ id }).first();
  return row ? toKey(row) : null;
}

export async function revokeApiKey(db: Executor, id: string, now: Date): Promise<void> {
  await db('api_keys').where({ id }).whereNull('revoked_at').update({ revoked_at: now });
}

export async function revokeUserApiKeys(db: Executor, userId: string, now: Date): Promise<number> {
  return db('api_keys').where({ user_id: userId }).whereNull('revoked_at').update({ revoked_at: now });
}

/** A user as the administrator sees it: never a hash. */
export interface UserView {
  id: string;
  username: string | null;
  displayName: string;
  role: Role;
  unit: { id: string; name: string };
  regionCode: string;
  active: boolean;
  devOnly: boolean;
  hasPassword: boolean;
  createdAt: string;
  disabledAt: string | null;
}

const toView = (r: any): UserView => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  unit: { id: r.unit_id, name: r.unit_name },
  regionCode: r.region_code,
  active: r.active,
  devOnly: r.dev_only,
  hasPassword: r.password_hash !== null,
  createdAt: new Date(r.created_at).toISOString(),
  disabledAt: r.disabled_at ? new Date(r.disabled_at).toISOString() : null,
});

export async function listUsers(
  db: Executor,
  f: { regionCodes: string[]; unitId?: string; page: number; pageSize: number },
): Promise<{ items: UserView[]; total: number }> {
  const base = () => {
    const q = users(db).whereIn('n.region_code', f.regionCodes);
    if (f.unitId) q.where('u.unit_id', f.unitId);
    return q;
  };
  const [{ count }] = await base().count<{ count: string }[]>('* as count');
  const rows = await base()
    .orderBy(['n.region_code', 'u.unit_id', 'u.id'])
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .select(...USER_COLUMNS);
  return { items: rows.map(toView), total: Number(count) };
}

export async function findUserView(db: Executor, id: string): Promise<UserView | null> {
  const row = await users(db)
    .where('u.id', id)
    .first(...USER_COLUMNS);
  return row ? toView(row) : null;
}

export async function insertUser(
  db: Executor,
  u: {
    id: string;
    username: string;
    displayName: string;
    unitId: string;
    role: Role;
    passwordHash: string | null;
  },
): Promise<void> {
  await db('users').insert({
    id: u.id,
    username: u.username,
    display_name: u.displayName,
    unit_id: u.unitId,
    role: u.role,
    password_hash: u.passwordHash,
    token_hash: null,
    dev_only: false,
  });
}

export async function updateUser(
  db: Executor,
  id: string,
  patch: { displayName?: string; passwordHash?: string; active?: boolean; now: Date },
): Promise<void> {
  const row: Record<string, unknown> = {};
  if (patch.displayName !== undefined) row.display_name = patch.displayName;
  if (patch.passwordHash !== undefined) row.password_hash = patch.passwordHash;
  if (patch.active !== undefined) {
    row.active = patch.active;
    row.disabled_at = patch.active ? null : patch.now;
  }
  if (Object.keys(row).length) await db('users').where({ id }).update(row);
}
