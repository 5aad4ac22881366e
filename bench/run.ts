// Benchmarks: npm run bench -- <name> [options]. Each benchmark starts and stops its own environment.
import { dashboardBench } from './dashboard.bench';
import { claimsBench } from './claims.bench';
import { lifecycleBench } from './lifecycle.bench';
import { noticesBench } from './notices.bench';

const BENCHMARKS: Record<string, { run: (argv: string[]) => Promise<number>; help: string }> = {
  claims: {
    run: claimsBench,
    help: 'a claims register over 31 regions: import vs raw COPY, a refund round over every claim, peak RSS [--count 1000000]',
  },
  lifecycle: {
    run: lifecycleBench,
    help: 'cases through the full main line over HTTP vs a bare-workflow baseline [--cases 200] [--clients 16] [--warmup 4] [--server-config KEY=JSON_VALUE]… [--temporal-db-dir DIR]',
  },
  dashboard: {
    run: dashboardBench,
    help: 'GET /api/dashboard and the filtered case list over HTTP vs the bare SQL of the same statements [--cases 5000] [--deadlines 50000] [--requests 300] [--warmup 30]',
  },
  notices: {
    run: noticesBench,
    help: 'bulk 清退通知书 issued, rendered and stored vs bare Handlebars, and PDF pages/s [--count 20000] [--batch 1000] [--pdf 200]',
  },
};

function usage(): void {
  console.error('usage: npm run bench -- <benchmark> [options]\n\nbenchmarks:');
  for (const [name, b] of Object.entries(BENCHMARKS)) console.error(`  ${name.padEnd(10)} ${b.help}`);
}

async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  const bench = name !== undefined && Object.hasOwn(BENCHMARKS, name) ? BENCHMARKS[name] : undefined;
  if (!bench) {
    if (name !== undefined) console.error(`unknown benchmark: ${name}\n`);
    usage();
    return 2;
  }
  return bench.run(rest);
}

// The process ends by itself once the environment is torn down: only the exit code is set here.
main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
