// Structured logs (pino). Secrets and identities never reach a log: tokens, identity numbers and tip
// reporters are redacted by path, whatever code logs them.
import pino, { type Logger } from 'pino';
import type { Config } from './config';

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

export function createLogger(config: Pick<Config, 'logLevel' | 'mode'>, name: string): Logger {
  const pretty = config.mode === 'development' && process.stdout.isTTY;
  return pino({
    name,
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    transport: pretty
      ? { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } }
      : undefined,
  });
}
