// Users, units and API keys, managed by an administrator (issue 14, build 1) within the regions the
// administrator sees (a prefecture's administrator manages its counties' users too). A user or key outside
// those regions answers 404, as a case does.
import { randomUUID } from 'node:crypto';
import type { Config } from '../config';
import type { Db } from '../db/knex';
import { hashToken } from '../db/seed';
import { findUnit, findUnitsByRegion, type UnitRecord } from '../db/unit.repository';
import {
  type ApiKeyView,
  type UserView,
  createApiKey,
  findApiKey,
  findUserView,
  insertUser,
  listApiKeys,
  listUsers,
  revokeApiKey,
  revokeUserApiKeys,
  clearFailures,
  revokeUserSessions,
  updateUser,
} from '../db/session.repository';
import type { Caller } from '../domain/access';
import { DomainError, conflict, notFound, validationFailed } from '../domain/errors';
import { isUuid } from '../domain/input';
import { visibleRegionCodes } from '../domain/reference';
import { API_KEY_PREFIX, normalizeUsername, refusePassword } from '../domain/sign-in';
import { hashPassword, newToken, usernameKey } from './sign-in.service';

export interface NewUserBody {
  username: string;
  displayName: string;
  unitId: string;
  /** Left out for an API client (a system that holds only API keys and never signs in). */
  password?: string;
}

export interface UserPatchBody {
  displayName?: string;
  password?: string;
  active?: boolean;
}

export interface NewUnitBody {
  id: string;
  regionCode: string;
  name: string;
  role?: UnitRecord['role'];
  docCode?: string;
}

/** Two administrators creating the same name at once: the unique index decides, answered as 409, not 500. */
const raceToConflict = (message: string) => (err: unknown) => {
  if ((err as { code?: string }).code === '23505') throw conflict(message);
  throw err;
};

export function createAdminService(deps: { db: Db; config: Pick<Config, 'sealing'>; now?: () => Date }) {
  const { db, config } = deps;
  const now = deps.now ?? (() => new Date());
  const sees = (caller: Caller, regionCode: string) =>
    visibleRegionCodes(caller.regionCode).includes(regionCode);

  async function visibleUser(caller: Caller, id: string): Promise<UserView> {
    const u = await findUserView(db, id);
    if (!u || !sees(caller, u.regionCode)) throw notFound('用户');
    return u;
  }

  async function checkPassword(password: string, username: string) {
    const why = refusePassword(password, username);
    if (why) throw validationFailed(why, [{ field: '/password', message: why }]);
    return hashPassword(password);
  }

  return {
    listUnits: (caller: Caller) => findUnitsByRegion(db, visibleRegionCodes(caller.regionCode)),

    async createUnit(caller: Caller, body: NewUnitBody): Promise<UnitRecord> {
      if (!sees(caller, body.regionCode))
        throw validationFailed('不能为本人管辖范围外的地区设立单位', [
          { field: '/regionCode', message: '不在管辖范围内' },
        ]);
      if (await findUnit(db, body.id)) throw conflict(`单位编号「${body.id}」已存在`);
      const clash = await db('units')
        .where({ region_code: body.regionCode })
        .andWhere((q) => {
          q.where({ name: body.name });
          if (body.role) q.orWhere({ role: body.role });
        })
        .first('id');
      if (clash) throw conflict('该地区已有同名单位或承担该角色的单位');
      await db('units')
        .insert({
          id: body.id,
          region_code: body.regionCode,
          name: body.name,
          role: body.role ?? null,
          doc_code: body.docCode ?? null,
        })
        .catch(raceToConflict('该地区已有同名单位或承担该角色的单位'));
      return (await findUnit(db, body.id))!;
    },

    listUsers: (caller: Caller, q: { unitId?: string; page: number; pageSize: number }) =>
      listUsers(db, { regionCodes: visibleRegionCodes(caller.regionCode), ...q }).then((r) => ({
        ...r,
        page: q.page,
        pageSize: q.pageSize,
      })),

    getUser: visibleUser,

    async createUser(caller: Caller, body: NewUserBody): Promise<UserView> {
      const unit = await findUnit(db, body.unitId);
      if (!unit || !sees(caller, unit.regionCode))
        throw validationFailed('单位不存在', [{ field: '/unitId', message: '没有这个单位' }]);
      // A user's role is its unit's (seed: each unit plays one role); a unit with none has no users here.
      if (!unit.role)
        throw validationFailed('该单位在系统中不承担角色，不能开设用户', [
          { field: '/unitId', message: '单位没有角色' },
        ]);
      const username = normalizeUsername(body.username);
      const passwordHash = body.password === undefined ? null : await checkPassword(body.password, username);
      const taken = await db('users').whereRaw('lower(username) = ?', [username]).first('id');
      if (taken) throw conflict(`用户名「${username}」已被使用`);
      const id = `u-${randomUUID()}`;
      await insertUser(db, {
        id,
        username,
        displayName: body.displayName,
        unitId: unit.id,
        role: unit.role,
        passwordHash,
      }).catch(raceToConflict(`用户名「${username}」已被使用`));
      return (await findUserView(db, id))!;
    },

    /** Disabling a user ends their sessions and revokes their API keys at once. */
    async updateUser(caller: Caller, id: string, body: UserPatchBody): Promise<UserView> {
      const u = await visibleUser(caller, id);
      if (u.devOnly) throw new DomainError('FORBIDDEN', '开发用户由种子数据管理，不能修改');
      if (body.active === false && id === caller.userId)
        throw validationFailed('不能停用本人', [{ field: '/active', message: '不能停用本人' }]);
      const passwordHash =
        body.password === undefined ? undefined : await checkPassword(body.password, u.username ?? '');
      await db.transaction(async (trx) => {
        const at = now();
        await updateUser(trx, id, {
          displayName: body.displayName,
          passwordHash,
          active: body.active,
          now: at,
        });
        if (body.active === false || passwordHash !== undefined) await revokeUserSessions(trx, id, at);
        if (body.active === false) await revokeUserApiKeys(trx, id, at);
        // A new password from the administrator is also how a locked-out user is let back in at once.
        if (passwordHash !== undefined && u.username)
          await clearFailures(trx, usernameKey(config, normalizeUsername(u.username)));
      });
      return (await findUserView(db, id))!;
    },

    async revokeSessions(caller: Caller, id: string): Promise<{ revoked: number }> {
      await visibleUser(caller, id);
      return { revoked: await revokeUserSessions(db, id, now()) };
    },

    async listApiKeys(caller: Caller, id: string): Promise<ApiKeyView[]> {
      await visibleUser(caller, id);
      return listApiKeys(db, id);
    },

    /** The key itself is answered once, here; only its hash is kept. */
    async createApiKey(caller: Caller, userId: string, name: string): Promise<ApiKeyView & { key: string }> {
      const u = await visibleUser(caller, userId);
      if (!u.active) throw new DomainError('INVALID_TRANSITION', '用户已停用，不能签发密钥');
      const key = newToken(API_KEY_PREFIX);
      const view = await createApiKey(db, {
        id: randomUUID(),
        tokenHash: hashToken(key),
        userId,
        name,
        createdBy: caller.userId,
      });
      return { ...view, key };
    },

    async revokeApiKey(caller: Caller, keyId: string): Promise<void> {
      const k = isUuid(keyId) ? await findApiKey(db, keyId) : null;
      if (!k) throw notFound('密钥');
      await visibleUser(caller, k.userId).catch(() => {
        throw notFound('密钥');
      });
      await revokeApiKey(db, keyId, now());
    },
  };
}

export type AdminService = ReturnType<typeof createAdminService>;
