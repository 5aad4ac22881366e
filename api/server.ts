// The API process: connects to Postgres and Temporal, serves HTTP, stops cleanly on SIGTERM/SIGINT.
import type { AddressInfo } from 'node:net';
import { databaseUrl, loadConfig } from '../config';
import { createLogger } from '../logger';
import { createDb } from '../db/knex';
import { createApp } from './app';
import { answerClientErrors } from './problem';
import { createTemporalClient } from './temporal-client';
import { lazyPdfRenderer } from './pdf';

export async function runApi(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config, 'api');
  const db = createDb(databaseUrl(config), config.database.poolMax);
  const temporal = await createTemporalClient(config);
  const pdf = lazyPdfRenderer(config.chromiumPath);
  const { app } = createApp({ config, db, temporal, log, pdf: pdf.get });
  const server = app.listen(config.port, config.host);
  answerClientErrors(server);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const { port } = server.address() as AddressInfo;
  log.info({ url: `http://${config.host}:${port}` }, 'api listening');
  const stop = () => {
    server.close(() => {
      void Promise.allSettled([db.destroy(), temporal.connection.close(), pdf.close()]).then(() =>
        process.exit(0),
      );
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (require.main === module) {
  runApi().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
