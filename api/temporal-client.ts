// One Temporal Client for the API process (never a connection per request).
import { Client, Connection } from '@temporalio/client';
import type { Config } from '../config';
import { sealedDataConverter } from '../payload-codec';

export async function createTemporalClient(config: Config): Promise<Client> {
  const connection = await Connection.connect({ address: config.temporal.address, connectTimeout: '30s' });
  // Payloads sealed on the way to Temporal and opened on the way back (payload-codec.ts).
  return new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: sealedDataConverter(config.sealing),
  });
}
