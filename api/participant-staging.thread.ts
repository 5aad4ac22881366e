// A staging thread (participant-staging.ts): validates and seals the batches of an upload it is sent, with
// the sealing keys it was started with, and answers each with its staged rows.
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config';
import { createSealer } from '../db/sealing';
import type { CsvRecord } from '../domain/csv';
import type { ParticipantHeader } from '../domain/participants';
import { stageRecords } from './participant-staging';

// Buffers arrive as Uint8Arrays (structured clone); the sealer wants Buffers.
const given = (workerData as { sealing: Config['sealing'] }).sealing;
const sealer = createSealer({
  keys: Object.fromEntries(Object.entries(given.keys).map(([id, k]) => [id, Buffer.from(k)])),
  currentKeyId: given.currentKeyId,
  hmacKey: Buffer.from(given.hmacKey),
});

parentPort!.on(
  'message',
  ({ id, header, records }: { id: number; header: ParticipantHeader; records: CsvRecord[] }) => {
    try {
      const batch = stageRecords(sealer, header, records);
      // A copy of its own, so that its memory can be handed over rather than copied again.
      const fingerprints = new Uint8Array(batch.fingerprints);
      parentPort!.postMessage({ id, batch: { ...batch, fingerprints } }, [fingerprints.buffer]);
    } catch (e) {
      parentPort!.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
    }
  },
);
