// Operator commands: npm run cli -- <command>. migrate | seed | openapi [--write|--check] | temporal-install |
// participants import FILE --case ID --region CODE
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { databaseUrl, loadConfig } from '../config';
import { createDb } from '../db/knex';
import { migrateLatest, migrateRollbackAll } from '../db/migrate';
import { seedReferenceData } from '../db/seed';
import { ensureTemporal } from './temporal';

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
    return 0;
  }
  if (mode === '--check') {
    const current = fs.existsSync(OPENAPI_FILE) ? fs.readFileSync(OPENAPI_FILE, 'utf8') : '';
    if (current !== text) {
      console.error('docs/openapi.json is stale: run `npm run openapi` and commit the result.');
      return 1;
    }
    console.log('docs/openapi.json is up to date');
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
          calendarYears: [2025, 2026],
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
      // Saves a case's workflow histories (case and regions) for the replay tests: run a case against a
      // live system, then `npm run cli -- export-history <caseId> test/replay/histories`.
      const [caseId, dir] = rest;
      if (!caseId || !dir) {
        console.error('usage: npm run cli -- export-history <caseId> <dir>');
        return 2;
      }
      const config = loadConfig();
      const db = createDb(databaseUrl(config));
      try {
        const regions: string[] = await db('case_regions').where({ case_id: caseId }).pluck('region_code');
        const ids = [`case/${caseId}`, ...regions.map((r) => `case/${caseId}/region/${r}`)];
        fs.mkdirSync(dir, { recursive: true });
        for (const id of ids) {
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
        }
      } finally {
        await db.destroy();
      }
      return 0;
    }
    case 'participants': {
      const { participantsCommand } = await import('./participants');
      return participantsCommand(rest);
    }
    case 'temporal-install':
      console.log(`temporal at ${ensureTemporal()}`);
      return 0;
    default:
      console.error(
        'usage: npm run cli -- migrate | seed | rollback | openapi [--write|--check] | temporal-install | participants import FILE --case ID --region CODE',
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
