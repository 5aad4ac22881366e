// One Temporal Client for the API process (never a connection per request).
import { Client, Connection } from '@temporalio/client';
import type { Config } from '../config';

export async function createTemporalClient(config: Config): Promise<Client> {
  const connection = await Connection.connect({ address: config.temporal.address, connectTimeout: '30s' });
  return new Client({ connection, namespace: config.temporal.namespace });
}
