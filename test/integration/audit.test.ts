// The tamper-evident history (issue 14, build 8): concurrent writers keep every chain whole, and an edited
// row, a deleted row, a re-hashed rewrite and a forged checkpoint are each reported as the first broken link.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import path from 'node:path';
import { type TestApi, openingBody, startTestApi, token } from '../support/api';
import {
  GENESIS_HASH,
  auditKey,
  createCheckpoint,
  eventHash,
  eventHashInputOf,
} from '../../db/audit.repository';
import { appendEvent } from '../../db/case.repository';
import { loadConfig } from '../../config';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

const office = token('financial_office');
const key = auditKey(loadConfig({}).audit.signingSeed);

const verify = async () => {
  const res = await api.call('GET', '/api/audit/verify', { token: token('leader', '532800') });
  expect(res.status).toBe(200);
  return res.body as {
    ok: boolean;
    checked: number;
    checkpoints: number;
    firstBroken?: Record<string, unknown>;
  };
};

async function openCase(): Promise<string> {
  const res = await api.call('POST', '/api/cases', {
    token: office,
    body: openingBody({ assistingRegionCodes: ['532801'] }),
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** Sets the append-only trigger aside for one statement, as someone with the database's owner role could. */
async function tamper(sql: string, bindings: unknown[]): Promise<void> {
  await api.db.transaction(async (trx) => {
    await trx.raw('ALTER TABLE case_events DISABLE TRIGGER case_events_no_change');
    await trx.raw(sql, bindings as never[]);
    await trx.raw('ALTER TABLE case_events ENABLE TRIGGER case_events_no_change');
  });
}

describe('tamper-evident history', () => {
  let caseId: string;

  test('When many writers act on cases at once, then every chain stays whole and verify is ok', async () => {
    const [a, b] = [await openCase(), await openCase()];
    caseId = a;
    const sends = [a, b].flatMap((id) =>
      Array.from({ length: 6 }, (_, i) =>
        api.call('POST', `/api/cases/${id}/actions/record_stabilization_measure`, {
          token: token(i % 2 ? 'township' : 'petition_bureau', i % 3 ? '532822' : '532801'),
          body: { measure: `走访 ${i}`, regionCode: i % 3 ? '532822' : '532801' },
        }),
      ),
    );
    const answers = await Promise.all(sends);
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 200));
    const rows = await api.db('case_events').where({ case_id: a }).orderBy('seq');
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(rows[0].prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    await createCheckpoint(api.db, key);
    const report = await verify();
    expect(report).toMatchObject({ ok: true, checkpoints: expect.any(Number) });
    expect(report.checked).toBeGreaterThanOrEqual(14);
  });

  test('When two transactions race to append to one chain, then one waits for the other and the chain does not fork', async () => {
    const id = await openCase();
    const draft = () => ({
      id: randomUUID(),
      action: 'record_stabilization_measure',
      actor: { userId: 'test', role: 'township', unitId: null, regionCode: '532822' },
      regionCode: '532822',
      payload: { measure: '并发写入' },
      occurredAt: new Date().toISOString(),
      idempotencyKey: null,
      notices: [],
    });
    // Both read the same last seq, as two writers that skipped the case lock would.
    const { head_seq: seq } = await api.db('case_event_chains').where({ case_id: id }).first('head_seq');
    const results = await Promise.allSettled(
      [0, 1].map(() => api.db.transaction((trx) => appendEvent(trx, id, seq + 1, draft() as never))),
    );
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await api.db('case_events').where({ case_id: id, seq: seq + 1 })).toHaveLength(1);
    expect((await verify()).ok).toBe(true);
  });

  test('When an event row is edited, then verify names that event', async () => {
    const row = await api.db('case_events').where({ case_id: caseId, seq: 2 }).first();
    await tamper(
      `UPDATE case_events SET payload = jsonb_set(payload, '{measure}', '"改过的"') WHERE id = ?`,
      [row.id],
    );
    try {
      const report = await verify();
      expect(report.ok).toBe(false);
      expect(report.firstBroken).toMatchObject({
        caseId,
        seq: 2,
        reason: expect.stringContaining('hash mismatch'),
      });
    } finally {
      await tamper(`UPDATE case_events SET payload = ?::jsonb WHERE id = ?`, [
        JSON.stringify(row.payload),
        row.id,
      ]);
    }
    expect((await verify()).ok).toBe(true);
  });

  test('When an event row is deleted, then verify reports the gap', async () => {
    const row = await api.db('case_events').where({ case_id: caseId, seq: 3 }).first();
    await tamper(`DELETE FROM case_events WHERE id = ?`, [row.id]);
    try {
      const report = await verify();
      expect(report.ok).toBe(false);
      expect(report.firstBroken).toMatchObject({
        caseId,
        seq: 4,
        reason: expect.stringContaining('deleted'),
      });
    } finally {
      await api
        .db('case_events')
        .insert({ ...row, actor: JSON.stringify(row.actor), payload: JSON.stringify(row.payload) });
    }
    expect((await verify()).ok).toBe(true);
  });

  test('When an edited chain is re-hashed to hide the edit, then the signed checkpoint catches it', async () => {
    const rows = await api.db('case_events').where({ case_id: caseId }).orderBy('seq');
    await createCheckpoint(api.db, key);
    const forged = rows.map((r) => ({ ...r }));
    forged[1].payload = { ...forged[1].payload, measure: '改过并重算' };
    let prev = GENESIS_HASH;
    for (const r of forged) {
      r.prev_hash = prev;
      r.hash = eventHash(prev, eventHashInputOf(r));
      prev = r.hash;
    }
    const write = async (set: typeof rows) => {
      await api.db.transaction(async (trx) => {
        await trx.raw('ALTER TABLE case_events DISABLE TRIGGER case_events_no_change');
        for (const r of set)
          await trx('case_events')
            .where({ id: r.id })
            .update({ payload: JSON.stringify(r.payload), prev_hash: r.prev_hash, hash: r.hash });
        await trx('case_event_chains')
          .where({ case_id: caseId })
          .update({ head_hash: set[set.length - 1].hash });
        await trx.raw('ALTER TABLE case_events ENABLE TRIGGER case_events_no_change');
      });
    };
    await write(forged);
    try {
      const report = await verify();
      expect(report.ok).toBe(false);
      expect(report.firstBroken).toMatchObject({
        caseId,
        reason: expect.stringContaining('signed chain head'),
      });
    } finally {
      await write(rows);
    }
    expect((await verify()).ok).toBe(true);
  });

  test('When a checkpoint is signed by another key, then verify reports it as forged', async () => {
    const other = generateKeyPairSync('ed25519');
    const heads = (await api.db('case_event_chains').orderBy('case_id')).map((r) => [
      r.case_id,
      r.head_seq,
      r.head_hash,
    ]);
    const { digest } = await api.db('audit_checkpoints').orderBy('id', 'desc').first('digest');
    const [row] = await api
      .db('audit_checkpoints')
      .insert({
        heads: JSON.stringify(heads),
        digest,
        key_id: key.keyId,
        signature: sign(null, Buffer.from(digest, 'hex'), other.privateKey).toString('base64'),
      })
      .returning('id');
    try {
      const report = await verify();
      expect(report.ok).toBe(false);
      expect(report.firstBroken).toMatchObject({
        checkpointId: Number(row.id),
        reason: expect.stringContaining('not signed'),
      });
    } finally {
      await api.db('audit_checkpoints').where({ id: row.id }).delete();
    }
  });

  test('When the CLI verifies the history, then it prints the report and exits 0', () => {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', path.resolve(__dirname, '../../scripts/cli.ts'), 'audit', 'verify'],
      {
        env: { ...process.env, DATABASE_URL: api.env.databaseUrl, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
      },
    );
    expect(JSON.parse(out)).toMatchObject({ ok: true });
  });

  test('When a caller is neither admin nor leader, then /api/audit/verify is 403', async () => {
    const res = await api.call('GET', '/api/audit/verify', { token: office });
    expect(res.status).toBe(403);
  });
});
