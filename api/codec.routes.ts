// The codec endpoint of the Temporal Web UI (the codec server protocol: POST {endpoint}/decode and /encode
// with { payloads: [{ metadata: { key: base64 }, data: base64 }] }, answered in the same shape). Histories
// hold sealed payloads (payload-codec.ts); an administrator's UI, configured with this server's /codec as its
// codec endpoint and passing the access token, shows them opened. Its origin must be in CORS_ORIGINS.
import type { Payload } from '@temporalio/common';
import type { Config } from '../config';
import { createSealer } from '../db/sealing';
import { DomainError } from '../domain/errors';
import { SealingPayloadCodec } from '../payload-codec';
import { type RouteDef, defineRoute } from './route';

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

export interface CodecBody {
  payloads: JsonPayload[];
}

const BASE64 = '^[A-Za-z0-9+/]*={0,2}$';

export const codecBody = {
  type: 'object',
  required: ['payloads'],
  additionalProperties: false,
  properties: {
    payloads: {
      type: 'array',
      maxItems: 1000,
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          metadata: {
            type: 'object',
            maxProperties: 32,
            additionalProperties: { type: 'string', maxLength: 4096, pattern: BASE64 },
          },
          data: { type: 'string', maxLength: 1_000_000, pattern: BASE64 },
        },
      },
    },
  },
} as const;

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))]),
  ),
  data: new Uint8Array(Buffer.from(p.data ?? '', 'base64')),
});

const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

export function codecRoutes(config: Config): RouteDef[] {
  const codec = new SealingPayloadCodec(createSealer(config.sealing));
  const run = async (op: 'encode' | 'decode', body: CodecBody) => {
    const out: JsonPayload[] = [];
    for (const [i, p] of body.payloads.entries()) {
      try {
        out.push(toJson((await codec[op]([fromJson(p)]))[0]));
      } catch {
        throw new DomainError('VALIDATION_FAILED', '载荷无法解密（密钥不符或内容被改动）', [
          { field: `/payloads/${i}`, message: '无法解密' },
        ]);
      }
    }
    return { payloads: out };
  };
  return (['decode', 'encode'] as const).map((op) =>
    defineRoute<CodecBody>({
      method: 'post',
      path: `/codec/${op}`,
      summary:
        op === 'decode'
          ? 'Temporal Web UI 的编解码端点：解密工作流历史中的载荷（仅管理员）'
          : 'Temporal Web UI 的编解码端点：加密载荷（仅管理员）',
      tag: 'system',
      access: ['admin'],
      body: codecBody,
      handle: ({ body }) => run(op, body),
    }),
  );
}
