// Signing in, out and who a bearer credential is (issue 14, build 1). Passwords: argon2id (RFC 9106) with
// OWASP's minimum parameters (19 MiB, 2 passes, 1 lane); tokens: 256 random bits, stored as their sha256.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { type Algorithm, hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Db } from '../db/knex';
import { hashToken } from '../db/seed';
import { findActiveUserByTokenHash, type UserRecord } from '../db/user.repository';
import {
  clearFailures,
  createSession,
  findApiKeyByTokenHash,
  findSessionByTokenHash,
  findUserByUsername,
  lockFailures,
  revokeSession,
  saveFailures,
  touchApiKey,
  touchSession,
} from '../db/session.repository';
import { DomainError } from '../domain/errors';
import {
  API_KEY_PREFIX,
  SESSION_PREFIX,
  type SignedInUser,
  afterFailure,
  lockedNow,
  normalizeUsername,
  sessionLive,
  touchDue,
} from '../domain/sign-in';

const ARGON2 = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string): Promise<string> => argonHash(password, ARGON2);

/** A fixed hash verified when there is no user, so an unknown username costs as long as a wrong password. */
let decoy: Promise<string> | undefined;
const decoyHash = () => (decoy ??= argonHash(randomBytes(16).toString('hex'), ARGON2));

export const newToken = (prefix: string): string => `${prefix}${randomBytes(32).toString('base64url')}`;

/** How the caller proved who they are: DELETE /api/session ends a session and nothing else. */
export type Credential =
  { kind: 'session'; sessionId: string } | { kind: 'api_key'; apiKeyId: string } | { kind: 'token' };

export interface SignInResult {
  token: string;
  expiresAt: string;
  user: SignedInUser;
}

export const signedInUser = (u: UserRecord): SignedInUser => ({
  userId: u.id,
  role: u.role,
  unit: { id: u.unitId, name: u.unitName },
  regionCode: u.regionCode,
  displayName: u.displayName,
});

const BAD_CREDENTIALS = '用户名或密码错误';

/** The key failed sign-ins are counted under: keyed, so the table names no username. */
export const usernameKey = (config: Pick<Config, 'sealing'>, normalized: string) =>
  createHmac('sha256', config.sealing.hmacKey).update(`username:${normalized}`).digest('hex');

export function createSignInService(deps: { db: Db; config: Config; log?: Logger; now?: () => Date }) {
  const { db, config, log } = deps;
  const now = deps.now ?? (() => new Date());

  async function signIn(username: string, password: string): Promise<SignInResult> {
    const normalized = normalizeUsername(username);
    const key = usernameKey(config, normalized);
    const outcome = await db.transaction(async (trx) => {
      const at = now();
      // The row lock counts parallel guesses at one username one after another.
      const failures = await lockFailures(trx, key);
      if (lockedNow(failures, at)) return { kind: 'locked' as const, until: failures.lockedUntil! };
      const user = await findUserByUsername(trx, normalized);
      const usable = user && user.active && user.passwordHash && !user.devOnly ? user : null;
      const ok = await argonVerify(usable?.passwordHash ?? (await decoyHash()), password).catch(() => false);
      if (!usable || !ok) {
        const next = afterFailure(failures, at, config.session);
        await saveFailures(trx, key, next);
        return next.lockedUntil
          ? { kind: 'locked' as const, until: next.lockedUntil }
          : { kind: 'refused' as const };
      }
      await clearFailures(trx, key);
      const token = newToken(SESSION_PREFIX);
      const expiresAt = new Date(at.getTime() + config.session.ttlMinutes * 60_000);
      await createSession(trx, {
        id: randomUUID(),
        tokenHash: hashToken(token),
        userId: usable.id,
        expiresAt,
        now: at,
      });
      return { kind: 'ok' as const, token, expiresAt, user: usable };
    });
    // The security log says what happened and to which user id; never the username typed or the password.
    if (outcome.kind === 'ok') log?.info({ userId: outcome.user.id }, 'sign-in');
    else log?.warn({ outcome: outcome.kind }, 'sign-in refused');
    if (outcome.kind === 'locked') {
      const minutes = Math.max(1, Math.ceil((outcome.until.getTime() - now().getTime()) / 60_000));
      throw new DomainError('RATE_LIMITED', `登录失败次数过多，请 ${minutes} 分钟后再试`);
    }
    if (outcome.kind === 'refused') throw new DomainError('UNAUTHENTICATED', BAD_CREDENTIALS);
    return {
      token: outcome.token,
      expiresAt: outcome.expiresAt.toISOString(),
      user: signedInUser(outcome.user),
    };
  }

  /** Who a bearer token is, or null. Development tokens only in development mode. */
  async function identify(token: string): Promise<{ user: UserRecord; credential: Credential } | null> {
    const tokenHash = hashToken(token);
    const at = now();
    if (token.startsWith(SESSION_PREFIX)) {
      const s = await findSessionByTokenHash(db, tokenHash);
      if (!s || !sessionLive(s, at, config.session.idleMinutes)) return null;
      if (touchDue(s.lastSeenAt, at)) await touchSession(db, s.sessionId, at);
      return { user: s, credential: { kind: 'session', sessionId: s.sessionId } };
    }
    if (token.startsWith(API_KEY_PREFIX)) {
      const k = await findApiKeyByTokenHash(db, tokenHash);
      if (!k) return null;
      if (!k.lastUsedAt || touchDue(k.lastUsedAt, at)) await touchApiKey(db, k.apiKeyId, at);
      return { user: k, credential: { kind: 'api_key', apiKeyId: k.apiKeyId } };
    }
    const user = await findActiveUserByTokenHash(db, tokenHash);
    if (!user || (user.devOnly && config.mode === 'production')) return null;
    return { user, credential: { kind: 'token' } };
  }

  async function signOut(credential: Credential): Promise<void> {
    if (credential.kind !== 'session') return;
    await revokeSession(db, credential.sessionId, now());
    log?.info({ sessionId: credential.sessionId }, 'sign-out');
  }

  return { signIn, signOut, identify };
}

export type SignInService = ReturnType<typeof createSignInService>;
