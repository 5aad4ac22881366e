// `npm run cli -- users …`: the operator's side of user administration (issue 14, build 1), through the same
// rules as the admin endpoints. It is how the first administrator of a production installation is made
// (production refuses development tokens, so no one could call POST /api/admin/users before).
//
//   users list [--unit UNIT]
//   users add USERNAME --unit UNIT --name NAME [--password-stdin | --api-client]
//   users password USER_ID [--password-stdin]
//   users disable USER_ID | users enable USER_ID | users revoke-sessions USER_ID
//   users api-key USER_ID NAME | users revoke-key KEY_ID
//
// Without --password-stdin a strong password is generated and printed once; with it the first line of
// standard input is the password (so it never appears in a shell history or a process list).
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { databaseUrl, loadConfig } from '../config';
import { createDb } from '../db/knex';
import { createAdminService } from '../api/admin.service';
import type { Caller } from '../domain/access';
import { DomainError } from '../domain/errors';

const USAGE =
  'usage: npm run cli -- users list [--unit UNIT] | add USERNAME --unit UNIT --name NAME [--password-stdin|--api-client] | password USER_ID [--password-stdin] | disable USER_ID | enable USER_ID | revoke-sessions USER_ID | api-key USER_ID NAME | revoke-key KEY_ID';

/** The operator at the console of the server answers for the whole province's installation. */
const OPERATOR: Caller = { userId: 'cli', role: 'admin', unitId: '', regionCode: '530000' };

async function readPassword(fromStdin: boolean): Promise<{ password: string; generated: boolean }> {
  if (!fromStdin) return { password: randomBytes(18).toString('base64url'), generated: true };
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return { password: Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0], generated: false };
}

export async function usersCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      unit: { type: 'string' },
      name: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      'api-client': { type: 'boolean' },
    },
    strict: true,
  });
  const config = loadConfig();
  const db = createDb(databaseUrl(config), 2);
  const admin = createAdminService({ db, config });
  try {
    switch (sub) {
      case 'list': {
        const page = await admin.listUsers(OPERATOR, { unitId: values.unit, page: 1, pageSize: 200 });
        for (const u of page.items)
          console.log(
            [
              u.id,
              u.username ?? '-',
              u.role,
              u.unit.id,
              u.active ? 'active' : 'disabled',
              u.displayName,
            ].join('\t'),
          );
        console.log(`${page.total} users`);
        return 0;
      }
      case 'add': {
        const [username] = positionals;
        if (!username || !values.unit || !values.name) break;
        const pw = values['api-client'] ? null : await readPassword(!!values['password-stdin']);
        const u = await admin.createUser(OPERATOR, {
          username,
          displayName: values.name,
          unitId: values.unit,
          ...(pw ? { password: pw.password } : {}),
        });
        console.log(`created ${u.id} (${u.username}, ${u.role}, ${u.unit.name})`);
        if (pw?.generated) console.log(`password (shown once): ${pw.password}`);
        return 0;
      }
      case 'password': {
        const [id] = positionals;
        if (!id) break;
        const pw = await readPassword(!!values['password-stdin']);
        await admin.updateUser(OPERATOR, id, { password: pw.password });
        console.log(`password of ${id} changed; its sessions are ended`);
        if (pw.generated) console.log(`password (shown once): ${pw.password}`);
        return 0;
      }
      case 'disable':
      case 'enable': {
        const [id] = positionals;
        if (!id) break;
        await admin.updateUser(OPERATOR, id, { active: sub === 'enable' });
        console.log(`${id} ${sub}d`);
        return 0;
      }
      case 'revoke-sessions': {
        const [id] = positionals;
        if (!id) break;
        const { revoked } = await admin.revokeSessions(OPERATOR, id);
        console.log(`${revoked} sessions of ${id} ended`);
        return 0;
      }
      case 'api-key': {
        const [id, name] = positionals;
        if (!id || !name) break;
        const k = await admin.createApiKey(OPERATOR, id, name);
        console.log(`api key ${k.id} for ${id} (shown once): ${k.key}`);
        return 0;
      }
      case 'revoke-key': {
        const [id] = positionals;
        if (!id) break;
        await admin.revokeApiKey(OPERATOR, id);
        console.log(`api key ${id} revoked`);
        return 0;
      }
    }
    console.error(USAGE);
    return 2;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    console.error(err.message);
    for (const e of err.errors ?? []) console.error(`  ${e.field}: ${e.message}`);
    return 1;
  } finally {
    await db.destroy();
  }
}
