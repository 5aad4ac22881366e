// The Temporal worker process: the case workflows and their activities, and the bulk jobs' activities.
import {
  type ActivityExecuteInput,
  type ActivityInboundCallsInterceptor,
  DefaultLogger,
  NativeConnection,
  type Next,
  Runtime,
  Worker,
} from '@temporalio/worker';
import { databaseUrl, loadConfig } from './config';
import { createLogger } from './logger';
import { createDb } from './db/knex';
import { createCaseActivities } from './activities/case.activities';
import { createClaimsActivities } from './activities/claims.bulk';
import { createRefundActivities } from './activities/refunds.bulk';
import { createBulkNoticeService } from './activities/notice.bulk';
import { createSealer } from './db/sealing';
import { createNoticeService } from './activities/notice.service';
import { createNoticeRenderer } from './templates/renderer';
import { toFailure } from './workflows/failure';
import { auditKey, createCheckpoint } from './db/audit.repository';
import { useSealing } from './db/sealing';
import { sealedDataConverter } from './payload-codec';

/**
 * Every activity, local or not, ends with a final failure when its error is one a retry cannot fix (a domain
 * refusal, a Postgres data or constraint error): the one place where that is decided (workflows/failure.ts),
 * so no activity written later can stall a case by retrying it.
 */
class FinalErrorsInterceptor implements ActivityInboundCallsInterceptor {
  async execute(
    input: ActivityExecuteInput,
    next: Next<ActivityInboundCallsInterceptor, 'execute'>,
  ): Promise<unknown> {
    try {
      return await next(input);
    } catch (err) {
      throw toFailure(err);
    }
  }
}

export async function runWorker(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config, 'worker');
  // The SDK's own logs go through pino too, at WARN and above, so a terminal shows one format.
  Runtime.install({
    logger: new DefaultLogger('WARN', (entry) => log.warn(entry.meta ?? {}, entry.message)),
  });
  const db = createDb(databaseUrl(config), config.database.poolMax);
  // The repositories seal and open personal fields with the configured keys (db/sealing.ts).
  useSealing(config.sealing);
  const renderer = createNoticeRenderer();
  const notices = createNoticeService(renderer);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  // Every payload the worker sends to Temporal is sealed (payload-codec.ts): histories hold no identity.
  const dataConverter = sealedDataConverter(config.sealing);
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    dataConverter,
    ...(config.workflowBundlePath
      ? { workflowBundle: { codePath: config.workflowBundlePath } }
      : { workflowsPath: require.resolve('./workflows') }),
    activities: createCaseActivities({ db, notices, bulkTaskQueue: config.claims.bulkTaskQueue }),
    interceptors: { activity: [() => ({ inbound: new FinalErrorsInterceptor() })] },
    maxCachedWorkflows: 2000,
    maxConcurrentActivityTaskExecutions: 50,
    shutdownGraceTime: '5 seconds',
    // After a worker dies, its cached cases move to another worker this soon rather than after 10 s.
    stickyQueueScheduleToStartTimeout: '3 seconds',
  });
  // Signed checkpoints of every case's chain head (db/audit.repository.ts), taken at an interval.
  const key = auditKey(config.audit.signingSeed);
  const checkpoints =
    config.audit.checkpointMinutes > 0
      ? setInterval(() => {
          createCheckpoint(db, key).catch((err: unknown) => log.error({ err }, 'audit checkpoint failed'));
        }, config.audit.checkpointMinutes * 60_000)
      : null;
  checkpoints?.unref();
  // Bulk jobs (a million participants) on a queue of their own, so they never delay an officer's action.
  const bulkWorker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.claims.bulkTaskQueue,
    dataConverter,
    activities: {
      ...createClaimsActivities({ db }),
      ...createRefundActivities({
        db,
        sealer: createSealer(config.sealing),
        notices,
        bulkNotices: createBulkNoticeService(renderer),
        minPayoutFen: config.claims.minPayoutFen,
      }),
    },
    maxConcurrentActivityTaskExecutions: 2,
    shutdownGraceTime: '5 seconds',
  });
  log.info({ taskQueue: config.temporal.taskQueue, namespace: config.temporal.namespace }, 'worker started');
  try {
    await Promise.all([worker.run(), bulkWorker.run()]);
  } finally {
    if (checkpoints) clearInterval(checkpoints);
    await connection.close();
    await db.destroy();
    log.info('worker stopped');
  }
}

if (require.main === module) {
  runWorker().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
