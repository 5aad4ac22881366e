// Production sign-in (issue 14, build 1): users managed by an administrator, argon2id passwords, sessions
// stored as hashes with expiry, idle timeout and revocation, one answer for an unknown user or a wrong
// password, lock-out and a per-address limit, development tokens refused in production, revocable API keys.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { type TestApi, startTestApi, token } from '../support/api';

const DEV_KEY = Buffer.alloc(32, 0x5a).toString('base64');
/** Production mode with the development keys, so it can share the run's database with the other files. */
const PRODUCTION = {
  APP_MODE: 'production',
  SEALING_KEYS: `dev:${DEV_KEY}`,
  SEALING_HMAC_KEY: DEV_KEY,
  AUDIT_SIGNING_KEY: randomBytes(32).toString('base64'),
};
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const admin = token('admin');
const PASSWORD = '青山绿水-tea-garden-2026';

let dev: TestApi;
let prod: TestApi;
beforeAll(async () => {
  [dev, prod] = await Promise.all([startTestApi(), startTestApi({ env: PRODUCTION })]);
});
afterAll(async () => {
  await Promise.all([dev?.close(), prod?.close()]);
});

const unique = (base: string) => `${base}.${randomBytes(3).toString('hex')}`;

async function newUser(unitId = '532822-police', password: string | null = PASSWORD) {
  const username = unique('zhang.san');
  const res = await dev.call('POST', '/api/admin/users', {
    token: admin,
    body: { username, displayName: '张三', unitId, ...(password ? { password } : {}) },
  });
  expect(res.status).toBe(201);
  return { username, id: res.body.id as string };
}

const signIn = (api: TestApi, username: string, password: string) =>
  api.call('POST', '/api/session', { body: { username, password } });

describe('modes', () => {
  test('When the console asks which sign-in to show, then each mode says its own', async () => {
    expect((await dev.call('GET', '/api/session/config')).body).toEqual({ mode: 'development' });
    expect((await prod.call('GET', '/api/session/config')).body).toEqual({ mode: 'production' });
  });

  test('When a development token is sent in production, then it is refused, and in development its user id is not the token', async () => {
    const refused = await prod.call('GET', '/api/me', { token: token('police') });
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('UNAUTHENTICATED');
    const me = await dev.call('GET', '/api/me', { token: token('police') });
    expect(me.status).toBe(200);
    expect(me.body.userId).toBe('u-532822-police');
    expect(me.body.userId).not.toContain(token('police'));
  });
});

describe('sessions', () => {
  test('When a user signs in, then a token works until sign-out, and only its hash is stored', async () => {
    const { username, id } = await newUser();
    const res = await signIn(prod, username.toUpperCase(), PASSWORD);
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ userId: id, role: 'police', regionCode: '532822' });
    expect(res.body.user.unit.id).toBe('532822-police');
    expect(Date.parse(res.body.expiresAt)).toBeGreaterThan(0);
    const t: string = res.body.token;
    expect(t).toMatch(/^cfs_[\w-]{43}$/);
    const rows = await prod.db('sessions').where({ user_id: id });
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).toBe(sha256(t));
    expect(JSON.stringify(rows)).not.toContain(t.slice(4));
    const stored = await prod.db('users').where({ id }).first();
    expect(stored.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

    const me = await prod.call('GET', '/api/me', { token: t });
    expect(me.status).toBe(200);
    expect(me.body.userId).toBe(id);
    expect((await prod.call('DELETE', '/api/session', { token: t })).status).toBe(204);
    expect((await prod.call('GET', '/api/me', { token: t })).status).toBe(401);
  });

  test('When the password is wrong or the user unknown, then both answer the same 401', async () => {
    const { username } = await newUser();
    const wrong = await signIn(prod, username, 'not-the-password-at-all');
    const unknown = await signIn(prod, unique('nobody'), PASSWORD);
    for (const r of [wrong, unknown]) {
      expect(r.status).toBe(401);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.body.code).toBe('UNAUTHENTICATED');
    }
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });

  test('When a session is idle too long or past its end, then it no longer signs in', async () => {
    const { username } = await newUser();
    const idle = (await signIn(prod, username, PASSWORD)).body.token;
    const ended = (await signIn(prod, username, PASSWORD)).body.token;
    await prod
      .db('sessions')
      .where({ token_hash: sha256(idle) })
      .update({ last_seen_at: prod.db.raw(`now() - interval '31 minutes'`) });
    await prod
      .db('sessions')
      .where({ token_hash: sha256(ended) })
      .update({ expires_at: prod.db.raw(`now() - interval '1 second'`) });
    expect((await prod.call('GET', '/api/me', { token: idle })).status).toBe(401);
    expect((await prod.call('GET', '/api/me', { token: ended })).status).toBe(401);
  });

  test('When failed sign-ins reach the limit, then the username is locked even for the right password, known or not', async () => {
    const { username, id } = await newUser();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await signIn(prod, username, `wrong-password-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const locked = await signIn(prod, username, PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('RATE_LIMITED');
    // An unknown username locks the same way, so a lock-out does not tell which usernames exist.
    const ghost = unique('ghost');
    const ghostStatuses: number[] = [];
    for (let i = 0; i < 5; i++) ghostStatuses.push((await signIn(prod, ghost, `wrong-password-${i}`)).status);
    expect(ghostStatuses).toEqual(statuses);
    // An administrator's new password lets the user back in at once.
    const reset = await dev.call('PATCH', `/api/admin/users/${id}`, {
      token: admin,
      body: { password: `${PASSWORD}-reset` },
    });
    expect(reset.status).toBe(200);
    expect((await signIn(prod, username, `${PASSWORD}-reset`)).status).toBe(201);
    // The lock runs out: moved back past its end, the right password signs in again.
    await prod.db('sign_in_failures').update({ locked_until: prod.db.raw(`now() - interval '1 second'`) });
    expect((await signIn(prod, ghost, PASSWORD)).status).toBe(401);
  });

  test('When one address tries too many sign-ins in a minute, then it is refused with 429', async () => {
    const limited = await startTestApi({ env: { ...PRODUCTION, SIGN_IN_PER_MINUTE: '3' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await signIn(limited, unique('guess'), 'x')).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('administration', () => {
  test('When someone other than an administrator manages users, then it is refused and nothing is written', async () => {
    const before = await dev.db('users').count<{ n: string }[]>('* as n');
    for (const role of ['police', 'leader', 'financial_office']) {
      const res = await dev.call('POST', '/api/admin/users', {
        token: token(role),
        body: { username: unique('eve'), displayName: '某', unitId: '532822-police', password: PASSWORD },
      });
      expect(res.status).toBe(403);
    }
    expect(await dev.db('users').count<{ n: string }[]>('* as n')).toEqual(before);
  });

  test('When a weak password, a taken username or a unit outside the administrator region is given, then 400/409', async () => {
    const { username } = await newUser();
    const weak = await dev.call('POST', '/api/admin/users', {
      token: admin,
      body: { username: unique('li.si'), displayName: '李四', unitId: '532822-police', password: 'short' },
    });
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0].field).toBe('/password');
    const taken = await dev.call('POST', '/api/admin/users', {
      token: admin,
      body: {
        username: username.toUpperCase(),
        displayName: '李四',
        unitId: '532822-police',
        password: PASSWORD,
      },
    });
    expect(taken.status).toBe(409);
    const outside = await dev.call('POST', '/api/admin/users', {
      token: admin,
      body: { username: unique('li.si'), displayName: '李四', unitId: '532801-police', password: PASSWORD },
    });
    expect(outside.status).toBe(400);
    // The list shows no hash of any kind.
    const list = await dev.call('GET', '/api/admin/users?pageSize=200', { token: admin });
    expect(list.status).toBe(200);
    expect(list.body.items.every((u: any) => u.regionCode === '532822')).toBe(true);
    expect(list.text).not.toMatch(/argon2|token_hash|password_hash/);
  });

  test('When two administrators create one username at once, then one 201 and the other 409, never 500', async () => {
    const username = unique('twin');
    const answers = await Promise.all(
      [0, 1, 2].map(() =>
        dev.call('POST', '/api/admin/users', {
          token: admin,
          body: { username, displayName: '双', unitId: '532822-police' },
        }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
  });

  test('When an administrator revokes all sessions, resets a password or disables a user, then their tokens stop working', async () => {
    const { username, id } = await newUser();
    const a = (await signIn(prod, username, PASSWORD)).body.token;
    const b = (await signIn(prod, username, PASSWORD)).body.token;
    const revoked = await dev.call('POST', `/api/admin/users/${id}/revoke-sessions`, { token: admin });
    expect(revoked.body).toEqual({ revoked: 2 });
    for (const t of [a, b]) expect((await prod.call('GET', '/api/me', { token: t })).status).toBe(401);

    const c = (await signIn(prod, username, PASSWORD)).body.token;
    const disabled = await dev.call('PATCH', `/api/admin/users/${id}`, {
      token: admin,
      body: { active: false },
    });
    expect(disabled.status).toBe(200);
    expect(disabled.body.active).toBe(false);
    expect((await prod.call('GET', '/api/me', { token: c })).status).toBe(401);
    expect((await signIn(prod, username, PASSWORD)).status).toBe(401);
    await dev.call('PATCH', `/api/admin/users/${id}`, { token: admin, body: { active: true } });
    expect((await signIn(prod, username, PASSWORD)).status).toBe(201);
  });

  test('When an API client gets a key, then the key acts as that client until revoked, and it cannot sign in', async () => {
    const { username, id } = await newUser('532822-bank', null);
    expect((await signIn(prod, username, PASSWORD)).status).toBe(401);
    const issued = await dev.call('POST', `/api/admin/users/${id}/api-keys`, {
      token: admin,
      body: { name: '勐海支行可疑交易报送系统' },
    });
    expect(issued.status).toBe(201);
    const key: string = issued.body.key;
    expect(key).toMatch(/^cfk_/);
    const me = await prod.call('GET', '/api/me', { token: key });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ userId: id, role: 'bank' });
    const listed = await dev.call('GET', `/api/admin/users/${id}/api-keys`, { token: admin });
    expect(listed.text).not.toContain(key.slice(4));
    expect(listed.body[0].lastUsedAt).not.toBeNull();
    // Signing out with a key ends nothing: keys are revoked by an administrator.
    expect((await prod.call('DELETE', '/api/session', { token: key })).status).toBe(204);
    expect((await prod.call('GET', '/api/me', { token: key })).status).toBe(200);
    const gone = await dev.call('DELETE', `/api/admin/api-keys/${issued.body.id}`, { token: admin });
    expect(gone.status).toBe(204);
    expect((await prod.call('GET', '/api/me', { token: key })).status).toBe(401);
    // Another county's administrator sees neither the user nor the key.
    const other = token('admin', '532801');
    expect((await dev.call('GET', `/api/admin/users/${id}`, { token: other })).status).toBe(404);
    expect((await dev.call('DELETE', `/api/admin/api-keys/${issued.body.id}`, { token: other })).status).toBe(
      404,
    );
    expect((await dev.call('DELETE', '/api/admin/api-keys/not-a-uuid', { token: admin })).status).toBe(404);
  });
});

describe('the operator command', () => {
  test('When the first administrator is made with npm run cli -- users add, then they sign in in production and manage users', async () => {
    const username = unique('admin.menghai');
    const out = spawnSync(
      process.execPath,
      [
        require.resolve('tsx/cli'),
        'scripts/cli.ts',
        'users',
        'add',
        username,
        '--unit',
        '532822-admin',
        '--name',
        '勐海县系统管理员',
        '--password-stdin',
      ],
      {
        cwd: path.resolve(__dirname, '..', '..'),
        input: `${PASSWORD}\n`,
        encoding: 'utf8',
        env: { ...process.env, ...PRODUCTION, DATABASE_URL: prod.env.databaseUrl, LOG_LEVEL: 'silent' },
      },
    );
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('created u-');
    expect(out.stdout).not.toContain(PASSWORD);
    const session = await signIn(prod, username, PASSWORD);
    expect(session.status).toBe(201);
    expect(session.body.user.role).toBe('admin');
    const list = await prod.call('GET', '/api/admin/users', { token: session.body.token });
    expect(list.status).toBe(200);
    expect(list.body.total).toBeGreaterThan(0);
  });
});
