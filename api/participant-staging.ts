// Staging an upload of participants: the CSV read as it streams in, each row validated (domain/participants.ts),
// its identity sealed and hashed (db/sealing.ts), and the COPY text of the staged line produced, in file order.
// The per-row work (validation, AES-256-GCM, HMAC, SHA-256) is what an import of a million lines spends its
// time on, so a file larger than one batch is handed, batch by batch, to a pool of worker threads
// (participant-staging.thread.ts): the API's event loop stays free for other users meanwhile, and the batches
// are sealed on every core while COPY stores the ones before. A smaller file is staged inline.
// What must see the file in order stays here: the header, the participant ids (time-ordered in file order),
// and each record's occurrence, which its fingerprint carries (the second identical row is a second record).
import { createHash, type Hash } from 'node:crypto';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Config } from '../config';
import { timeOrderedUuid } from '../db/ids';
import { stagedLine, stagedRowText } from '../db/participant-staging.format';
import type { SealedPersonal, Sealer } from '../db/sealing';
import { CsvReader, type CsvRecord } from '../domain/csv';
import {
  type ParticipantHeader,
  parseParticipantHeader,
  parseParticipantRow,
  recordKey,
} from '../domain/participants';

/** Rows per batch: large enough that a thread's round trip is noise, small enough to keep COPY fed. */
export const STAGING_BATCH = 2000;
const COPY_CHUNK_BYTES = 256 * 1024;

export interface Rejection {
  lineNo: number;
  reason: string;
}

/** A batch staged: for each accepted row its line, its COPY text, its first-occurrence fingerprint. */
export interface StagedBatch {
  lineNos: number[];
  rows: string[];
  /** 32 bytes per accepted row. */
  fingerprints: Uint8Array;
  rejections: Rejection[];
}

/** A header that fails: the file fails as a whole. */
export class StagingHeaderError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('；'));
  }
}

/**
 * One batch of records, validated and sealed: what a staging thread runs (and the importer itself, for a small
 * file). The fingerprint is that of the record's first occurrence in the file, keyed through the identity's
 * HMAC so the record key's plain parts cannot be guessed from it.
 */
export function stageRecords(
  sealer: Sealer,
  header: ParticipantHeader,
  records: readonly CsvRecord[],
): StagedBatch {
  const lineNos: number[] = [];
  const rows: string[] = [];
  const fingerprints = Buffer.allocUnsafe(32 * records.length);
  const rejections: Rejection[] = [];
  for (const rec of records) {
    const parsed = parseParticipantRow(header, rec.fields);
    if ('reason' in parsed) {
      rejections.push({ lineNo: rec.lineNo, reason: parsed.reason });
      continue;
    }
    const r = parsed.row;
    const personal: SealedPersonal = { identity: r.identity, phone: r.phone, bankAccount: r.bankAccount };
    const sealed = sealer.seal(JSON.stringify(personal));
    const identityHmac = sealer.match('identity', r.identity);
    createHash('sha256')
      .update(identityHmac)
      .update(`${recordKey(r)}\u00021`)
      .digest()
      .copy(fingerprints, 32 * rows.length);
    lineNos.push(rec.lineNo);
    rows.push(
      stagedRowText({
        kind: r.kind,
        name: r.name,
        identityHmac,
        sealed: sealed.box,
        keyId: sealed.keyId,
        identityMasked: r.identityMasked,
        bankName: r.bankName,
        bankAccountMasked: r.bankAccountMasked,
        principalFen: r.principalFen,
        returnsFen: r.returnsFen,
        refundedFen: r.refundedFen,
      }),
    );
  }
  return { lineNos, rows, fingerprints: fingerprints.subarray(0, 32 * rows.length), rejections };
}

/**
 * The k-th identical record of a file is the k-th record: its fingerprint is the first one's for k = 1, and
 * SHA-256 of the first one and k after that. So the same file imported again finds every fingerprint there,
 * and two equal rows stay two accounts. Kept per file, by 16 bytes of the first fingerprint.
 */
class Occurrences {
  private readonly seen = new Map<string, number>();
  fingerprint(first: Uint8Array): Uint8Array {
    const key = Buffer.from(first.buffer, first.byteOffset, 16).toString('latin1');
    const n = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, n);
    return n === 1 ? first : createHash('sha256').update(first).update(`\u0002${n}`).digest();
  }
}

/**
 * An upload being staged: `copyText()` yields the COPY text of its accepted lines in file order; once it has
 * ended, `header`, `rows` (data rows read), `rejections` and `sha256()` describe the file.
 */
export class ParticipantStaging {
  header: ParticipantHeader | null = null;
  rows = 0;
  readonly rejections: Rejection[] = [];
  private readonly fileHash: Hash = createHash('sha256');
  private digest: string | undefined;
  private readonly occurrences = new Occurrences();
  private readonly inFlight: Promise<StagedBatch>[] = [];
  private batch: CsvRecord[] = [];
  private threaded = false;
  private chunk = '';

  constructor(
    private readonly p: {
      jobId: string;
      body: AsyncIterable<Buffer>;
      sealer: Sealer;
      /** The thread pool for files larger than a batch; none: everything inline. */
      pool: StagingPool | null;
    },
  ) {}

  sha256(): string {
    return (this.digest ??= this.fileHash.digest('hex'));
  }

  async *copyText(): AsyncGenerator<string> {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const reader = new CsvReader();
    for await (const part of this.p.body) {
      this.fileHash.update(part);
      yield* this.take(reader.push(decoder.decode(part, { stream: true })));
    }
    yield* this.take(reader.push(decoder.decode()));
    yield* this.take(reader.end());
    if (this.batch.length > 0 && this.header) this.submit(this.header);
    while (this.inFlight.length > 0) yield* this.emit(await this.inFlight.shift()!);
    if (this.chunk !== '') yield this.chunk;
  }

  private async *take(records: CsvRecord[]): AsyncGenerator<string> {
    // Batches in flight at once: enough to keep every thread busy while the oldest is written.
    const limit = Math.max(2, 2 * (this.p.pool?.size ?? 0));
    for (const rec of records) {
      if (!this.header) {
        const h = parseParticipantHeader(rec.fields);
        if (Array.isArray(h)) throw new StagingHeaderError(h);
        this.header = h;
        continue;
      }
      this.rows += 1;
      this.batch.push(rec);
      if (this.batch.length === STAGING_BATCH) {
        this.submit(this.header);
        while (this.inFlight.length >= limit) yield* this.emit(await this.inFlight.shift()!);
      }
    }
  }

  /** The batch so far to a thread, or inline when the whole file fits in one batch (no thread is started). */
  private submit(header: ParticipantHeader): void {
    const records = this.batch;
    this.batch = [];
    this.threaded ||= this.p.pool !== null && records.length === STAGING_BATCH;
    const staged = this.threaded
      ? this.p.pool!.run(header, records)
      : Promise.resolve().then(() => stageRecords(this.p.sealer, header, records));
    // Awaited in order below; if the upload fails first (a bad line, COPY refused), a batch still in flight
    // may fail unawaited, which must not count as an unhandled rejection.
    staged.catch(() => undefined);
    this.inFlight.push(staged);
  }

  private *emit(staged: StagedBatch): Generator<string> {
    this.rejections.push(...staged.rejections);
    for (let i = 0; i < staged.rows.length; i++) {
      const fingerprint = this.occurrences.fingerprint(staged.fingerprints.subarray(32 * i, 32 * i + 32));
      this.chunk += stagedLine(
        this.p.jobId,
        staged.lineNos[i],
        timeOrderedUuid(),
        staged.rows[i],
        fingerprint,
      );
      if (this.chunk.length >= COPY_CHUNK_BYTES) {
        yield this.chunk;
        this.chunk = '';
      }
    }
  }
}

// ------------------------------------------------------------------------------------------ the thread pool

type Reply = { id: number; batch: StagedBatch } | { id: number; error: string };

/**
 * Worker threads that run stageRecords, started on the first large upload and stopped when idle. Only busy
 * threads keep the process alive; they hold the sealing keys as the API process does, in memory only.
 */
export class StagingPool {
  private workers: Worker[] = [];
  private next = 0;
  private calls = 0;
  private readonly pending = new Map<
    number,
    { resolve: (b: StagedBatch) => void; reject: (e: Error) => void }
  >();
  private idle: NodeJS.Timeout | undefined;

  constructor(
    private readonly sealing: Config['sealing'],
    readonly size: number,
    private readonly idleMs = 30_000,
  ) {}

  run(header: ParticipantHeader, records: readonly CsvRecord[]): Promise<StagedBatch> {
    if (this.idle) clearTimeout(this.idle);
    if (this.workers.length === 0) this.start();
    const id = ++this.calls;
    const worker = this.workers[this.next++ % this.workers.length];
    // Busy threads keep the process alive until they answer; idle ones never do.
    if (this.pending.size === 0) for (const w of this.workers) w.ref();
    return new Promise<StagedBatch>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, header, records });
    });
  }

  /** Stops the threads now (a test, or the API shutting down); the next large upload starts them again. */
  async stop(): Promise<void> {
    if (this.idle) clearTimeout(this.idle);
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private start(): void {
    // The thread compiles its TypeScript as this process does (tsx, a runtime dependency: Dockerfile).
    const source = `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register();
      require(${JSON.stringify(path.join(__dirname, 'participant-staging.thread.ts'))});`;
    for (let i = 0; i < this.size; i++) {
      // A thread holds one batch at a time: a small heap of its own, collected often, bounds the API's memory
      // during a large upload (V8 would otherwise let each thread's garbage grow for a long while).
      const worker = new Worker(source, {
        eval: true,
        workerData: { sealing: this.sealing },
        resourceLimits: { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 },
      });
      worker.on('message', (reply: Reply) => this.settle(reply));
      worker.on('error', (e) => this.fail(e));
      worker.on('exit', (code) => {
        if (this.workers.includes(worker)) this.fail(new Error(`staging thread exited with ${code}`));
      });
      // After the listeners: adding a 'message' listener refs the thread's port again.
      worker.unref();
      this.workers.push(worker);
    }
  }

  private settle(reply: Reply): void {
    const call = this.pending.get(reply.id);
    if (!call) return;
    this.pending.delete(reply.id);
    if ('error' in reply) call.reject(new Error(`staging thread: ${reply.error}`));
    else call.resolve(reply.batch);
    if (this.pending.size === 0) {
      for (const w of this.workers) w.unref();
      this.idle = setTimeout(() => void this.stop(), this.idleMs);
      this.idle.unref();
    }
  }

  /** A thread that died takes every batch in flight with it: those uploads fail and stage nothing. */
  private fail(e: Error): void {
    for (const call of this.pending.values()) call.reject(e);
    this.pending.clear();
    void this.stop();
  }
}
