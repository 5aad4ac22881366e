// `npm run cli -- participants import FILE --case ID --region CODE [--api URL] [--token TOKEN]`: uploads a
// participant CSV to the API as the region's financial office, then follows the job with a progress bar until
// it ends, and prints the merge and rejection counts (the reports are at /api/jobs/{id}/merges and /rejections).
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';

export async function participantsCommand(argv: string[]): Promise<number> {
  const [sub, file, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      case: { type: 'string' },
      region: { type: 'string' },
      api: { type: 'string' },
      token: { type: 'string' },
    },
    strict: true,
  });
  if (sub !== 'import' || !file || !values.case || !values.region) {
    console.error(
      'usage: npm run cli -- participants import FILE --case ID --region CODE [--api URL] [--token T]',
    );
    return 2;
  }
  const config = loadConfig();
  const api = values.api ?? `http://${config.host}:${config.port}`;
  // Development tokens name role and region (api/auth.ts); production passes a real one with --token.
  const token = values.token ?? `dev-financial_office-${values.region}`;
  const headers = { authorization: `Bearer ${token}` };
  const size = fs.statSync(file).size;
  const res = await fetch(`${api}/api/cases/${values.case}/participants`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'text/csv', 'content-length': String(size) },
    body: fs.createReadStream(file),
    duplex: 'half',
  });
  const body = (await res.json()) as {
    id?: string;
    detail?: string;
    errors?: { field: string; message: string }[];
  };
  if (res.status !== 202 || !body.id) {
    console.error(`refused (${res.status}): ${body.detail ?? ''}`);
    for (const e of body.errors ?? []) console.error(`  ${e.field}: ${e.message}`);
    return 1;
  }
  console.log(`job ${body.id}`);
  for (;;) {
    const j = (await (await fetch(`${api}/api/jobs/${body.id}`, { headers })).json()) as {
      state: string;
      progress: { done: number; total: number | null };
      result?: Record<string, unknown>;
      error?: { message: string };
    };
    const total = j.progress.total ?? 0;
    const share = total > 0 ? j.progress.done / total : 0;
    const bar = '#'.repeat(Math.round(share * 40)).padEnd(40, '.');
    process.stdout.write(`\r[${bar}] ${j.progress.done}/${total} ${j.state}   `);
    if (j.state === 'succeeded') {
      console.log(`\n${JSON.stringify(j.result, null, 2)}`);
      return 0;
    }
    if (j.state === 'failed') {
      console.error(`\nfailed: ${j.error?.message ?? ''}`);
      return 1;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
