// Structured logs (pino). Secrets and identities never reach a log: tokens, identity numbers and tip
// reporters are redacted by path, whatever code logs them, and every line is scrubbed of personal data
// (domain/personal-data.ts scrubForLog: personal fields by name at any depth, long digit runs in any text,
// such as a Postgres error's failing row).
import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from './config';
import { scrubForLog } from './domain/personal-data';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'headers.authorization',
  'authorization',
  'token',
  '*.token',
  '*.idNumber',
  '*.*.idNumber',
  '*.reporter',
  'password',
  '*.password',
  'databaseUrl',
];

export function createLogger(
  config: Pick<Config, 'logLevel' | 'mode'>,
  name: string,
  /** Where lines go instead of stdout (tests read a run's logs). */
  destination?: DestinationStream,
): Logger {
  const pretty = !destination && config.mode === 'development' && process.stdout.isTTY;
  const options = {
    name,
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    formatters: { log: (o: Record<string, unknown>) => scrubForLog(o) as Record<string, unknown> },
    hooks: {
      // The message text too: a message built from a value would otherwise carry it.
      logMethod(this: Logger, args: Parameters<Logger['info']>, method: Logger['info']) {
        const scrubbed = args.map((a) => (typeof a === 'string' ? scrubForLog(a) : a));
        return method.apply(this, scrubbed as Parameters<Logger['info']>);
      },
    },
    transport: pretty
      ? { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } }
      : undefined,
  };
  return destination ? pino(options, destination) : pino(options);
}
