// Temporal payloads sealed (issue 14, build 3): every workflow and activity input, result, Update argument
// and memo passes through this codec on the client (API) and on the worker, so the history Temporal stores
// (and its SQLite file, and `temporal workflow show`) holds only AES-256-GCM boxes. The keys are the sealing
// keys of the typed config (SEALING_KEYS, SEALING_CURRENT_KEY_ID): the key id travels in each payload's
// metadata, so a rotated-out current key still opens the histories it sealed. The Temporal Web UI reads them
// through the codec endpoint (POST /codec/decode, api/codec.routes.ts) for an administrator.
// Payload codecs run outside the workflow sandbox (the SDK applies them to what crosses the wire), so the
// workflow bundle does not load this module; its payload converter stays the SDK's default.
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import type { Config } from './config';
import { createSealer, type Sealer } from './db/sealing';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
// Bound to every box, so a box sealed for another purpose under the same key does not open as a payload.
const AAD = 'temporal-payload';

const enc = new TextEncoder();
const dec = new TextDecoder();
const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');

/** The plain payload, as the bytes sealed: its metadata and data, base64 inside a small JSON object. */
function serialize(p: Payload): string {
  const m = Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, b64(v)]));
  return JSON.stringify({ m, d: b64(p.data ?? new Uint8Array()) });
}

function deserialize(s: string): Payload {
  const { m, d } = JSON.parse(s) as { m: Record<string, string>; d: string };
  return {
    metadata: Object.fromEntries(
      Object.entries(m).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))]),
    ),
    data: new Uint8Array(Buffer.from(d, 'base64')),
  };
}

export class SealingPayloadCodec implements PayloadCodec {
  constructor(private readonly sealer: Sealer) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      const { keyId, box } = this.sealer.seal(serialize(p), AAD);
      return {
        metadata: { encoding: enc.encode(ENCRYPTED_ENCODING), [KEY_ID]: enc.encode(keyId) },
        data: new Uint8Array(box),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      const encoding = p.metadata?.encoding;
      // Payloads written before the codec (or by a tool without it) pass through as they are.
      if (!encoding || dec.decode(encoding) !== ENCRYPTED_ENCODING) return p;
      const keyId = dec.decode(p.metadata![KEY_ID] ?? new Uint8Array());
      const plain = this.sealer.open({ keyId, box: Buffer.from(p.data ?? new Uint8Array()) }, AAD);
      return deserialize(plain);
    });
  }
}

/** The data converter of every Temporal client and worker of the project. */
export const sealedDataConverter = (sealing: Config['sealing']): DataConverter => ({
  payloadCodecs: [new SealingPayloadCodec(createSealer(sealing))],
});
