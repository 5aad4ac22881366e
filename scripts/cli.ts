// Operator commands: npm run cli -- <command>. migrate | seed | openapi [--write|--check] | temporal-install
// | calendar set YEAR FILE | notices verify [--case <caseId>] [<noticeId>…] | audit verify|checkpoint
// | participants import FILE --case ID --region CODE | users … (scripts/users.ts)
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { databaseUrl, loadConfig } from '../config';
import { replaceCalendarYear } from '../db/calendar.repository';
import { createDb } from '../db/knex';
import { migrateLatest, migrateRollbackAll } from '../db/migrate';
import { holidayDataYears } from '../db/holiday-data';
import { seedReferenceData } from '../db/seed';
import type { CalendarDay } from '../domain/calendar';
import { parseScheduleYear, validateSchedule } from '../domain/calendar-schedule';
import { DomainError } from '../domain/errors';
import { ensureTemporal } from './temporal';
import { consoleTypes } from './console';

const OPENAPI_FILE = path.resolve(__dirname, '..', 'docs', 'openapi.json');

async function openapi(mode: string | undefined): Promise<number> {
  // Built from the route declarations without connecting anywhere.
  const { buildRoutes } = await import('../api/app');
  const { buildOpenApi } = await import('../api/openapi');
  const config = loadConfig();
  const routes = buildRoutes({ config, db: null as never, temporal: null as never, pdf: null as never });
  const text = `${JSON.stringify(buildOpenApi(routes), null, 2)}\n`;
  if (mode === '--write') {
    fs.mkdirSync(path.dirname(OPENAPI_FILE), { recursive: true });
    fs.writeFileSync(OPENAPI_FILE, text);
    console.log(`wrote ${path.relative(process.cwd(), OPENAPI_FILE)}`);
    if (!consoleTypes('write')) return 1;
    console.log('wrote console/src/api/schema.d.ts');
    return 0;
  }
  if (mode === '--check') {
    const current = fs.existsSync(OPENAPI_FILE) ? fs.readFileSync(OPENAPI_FILE, 'utf8') : '';
    if (current !== text) {
      console.error('docs/openapi.json is stale: run `npm run openapi` and commit the result.');
      return 1;
    }
    console.log('docs/openapi.json is up to date');
    // The console's types are generated from the same document; stale ones would let it drift from the API.
    if (!consoleTypes('check')) {
      console.error('console/src/api/schema.d.ts is stale: run `npm run openapi` and commit the result.');
      return 1;
    }
    console.log('console/src/api/schema.d.ts is up to date');
    return 0;
  }
  process.stdout.write(text);
  return 0;
}

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  switch (command) {
    case 'migrate':
    case 'seed':
    case 'rollback': {
      const config = loadConfig();
      const db = createDb(databaseUrl(config));
      try {
        if (command === 'rollback') {
          await migrateRollbackAll(db);
          console.log('rolled back every migration');
          return 0;
        }
        const applied = await migrateLatest(db);
        console.log(applied.length ? `applied ${applied.length} migrations` : 'migrations up to date');
        const seeded = await seedReferenceData(db, {
          devUsers: config.mode === 'development',
          // Every year the holiday package carries; a year it lacks (2027 until published) is entered
          // with `npm run cli -- calendar set` and until then its due dates carry NO_CALENDAR_FOR_YEAR.
          calendarYears: holidayDataYears(),
        });
        console.log(
          `reference data: ${seeded.units} units, ${seeded.users} development users, ${seeded.calendarDays} calendar days`,
        );
      } finally {
        await db.destroy();
      }
      return 0;
    }
    case 'openapi':
      return openapi(rest[0]);
    case 'export-history': {
      // Saves a case's workflow history for the replay tests: run a case against a
      // live system, then `npm run cli -- export-history <caseId> test/replay/histories`.
      const [caseId, dir] = rest;
      if (!caseId || !dir) {
        console.error('usage: npm run cli -- export-history <caseId> <dir>');
        return 2;
      }
      const config = loadConfig();
      // One case, one workflow (docs/decisions/0009).
      const id = `case/${caseId}`;
      fs.mkdirSync(dir, { recursive: true });
      // The CLI writes the proto-JSON form that historyFromJSON reads back.
      const out = spawnSync(
        ensureTemporal(),
        [
          'workflow',
          'show',
          '--workflow-id',
          id,
          '--namespace',
          config.temporal.namespace,
          '--address',
          config.temporal.address,
          '--output',
          'json',
        ],
        { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
      );
      if (out.status !== 0) throw new Error(`temporal workflow show ${id} failed: ${out.stderr}`);
      const file = path.join(dir, `${id.replace(/\//g, '_')}.json`);
      fs.writeFileSync(file, out.stdout);
      console.log(`wrote ${file}`);
      return 0;
    }
    case 'calendar': {
      // npm run cli -- calendar set YEAR FILE: enters or corrects a year's State Council schedule (e.g. 2027
      // once published). FILE is JSON, either the PUT /api/calendar/{year} body or just its days array.
      const [sub, yearText, file] = rest;
      if (sub !== 'set' || !yearText || !file) {
        console.error('usage: npm run cli -- calendar set YEAR FILE.json');
        return 2;
      }
      const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      const body = (Array.isArray(parsed) ? { days: parsed } : parsed) as {
        days?: CalendarDay[];
        source?: string;
      };
      try {
        const year = parseScheduleYear(yearText);
        if (!Array.isArray(body.days)) throw new DomainError('VALIDATION_FAILED', `${file} 没有 days 数组`);
        const days = validateSchedule(year, body.days);
        const config = loadConfig();
        const db = createDb(databaseUrl(config));
        try {
          const saved = await replaceCalendarYear(
            db,
            year,
            days,
            body.source ?? `命令行录入（${path.basename(file)}）`,
          );
          const holidays = saved.days.filter((d) => d.kind === 'holiday').length;
          console.log(
            `${year}: ${holidays} holidays, ${saved.days.length - holidays} make-up working days saved`,
          );
        } finally {
          await db.destroy();
        }
        return 0;
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        // The same problems, named by date, that the API answers as problem+json.
        console.error(err.message);
        for (const e of err.errors ?? []) console.error(`  ${e.field}: ${e.message}`);
        return 1;
      }
    }
    case 'notices': {
      if (rest[0] !== 'verify') {
        console.error('usage: npm run cli -- notices verify [--case <caseId>] [<noticeId>…]');
        return 2;
      }
      const args = rest.slice(1);
      const at = args.indexOf('--case');
      const caseId = at >= 0 ? args[at + 1] : undefined;
      const ids = args.filter((a, i) => a !== '--case' && i !== at + 1);
      const { verifyNotices } = await import('../activities/notice.archive');
      const config = loadConfig();
      const db = createDb(databaseUrl(config));
      let checked = 0;
      let printed = 0;
      let failed = 0;
      try {
        for await (const r of verifyNotices(db, { caseId, ...(ids.length ? { ids } : {}) })) {
          checked += 1;
          if (r.pdfSha256) printed += 1;
          if (!r.ok) {
            failed += 1;
            console.log(`MISMATCH ${r.id} ${r.docNo}: ${r.problems.join('; ')}`);
          }
        }
      } finally {
        await db.destroy();
      }
      console.log(
        `checked ${checked} notices (${printed} with an archived PDF): ` +
          (failed ? `${failed} do not match what is archived` : 'every hash matches what is stored'),
      );
      return failed ? 1 : 0;
    }
    case 'audit': {
      // npm run cli -- audit verify | checkpoint: the same check as GET /api/audit/verify, exit 1 when broken.
      const config = loadConfig();
      const db = createDb(databaseUrl(config));
      const { auditKey, createCheckpoint, verifyHistory } = await import('../db/audit.repository');
      const key = auditKey(config.audit.signingSeed);
      try {
        if (rest[0] === 'checkpoint') {
          const cp = await createCheckpoint(db, key);
          console.log(`checkpoint ${cp.id}: ${cp.chains} chains signed with key ${key.keyId}`);
          return 0;
        }
        if (rest[0] !== 'verify') {
          console.error('usage: npm run cli -- audit verify | checkpoint');
          return 2;
        }
        const report = await verifyHistory(db, key.publicKey);
        console.log(JSON.stringify(report, null, 2));
        return report.ok ? 0 : 1;
      } finally {
        await db.destroy();
      }
    }
    case 'participants': {
      const { participantsCommand } = await import('./participants');
      return participantsCommand(rest);
    }
    case 'users': {
      const { usersCommand } = await import('./users');
      return usersCommand(rest);
    }
    case 'temporal-install':
      console.log(`temporal at ${ensureTemporal()}`);
      return 0;
    default:
      console.error(
        'usage: npm run cli -- migrate | seed | rollback | openapi [--write|--check] | temporal-install | calendar set YEAR FILE | notices verify | audit verify|checkpoint | participants import FILE --case ID --region CODE | users list|add|password|disable|enable|revoke-sessions|api-key|revoke-key',
      );
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
