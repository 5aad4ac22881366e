// Committed histories of real cases replay against the current workflow code: a change that would alter
// the commands of cases already in flight fails here and must go behind patched() (ARCHITECTURE.md).
import fs from 'node:fs';
import path from 'node:path';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { readTestEnv } from '../support/env';
import { loadConfig } from '../../config';
import { sealedDataConverter } from '../../payload-codec';

const DIR = path.resolve(__dirname, '..', 'replay', 'histories');
// The replay worker's own lifecycle chatter is not what this test is about.
Runtime.install({ logger: new DefaultLogger('WARN') });

const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.json'));

test('When the committed histories are replayed on the current code, then none diverges', async () => {
  expect(files.length).toBeGreaterThanOrEqual(2);
  const env = readTestEnv();
  for (const file of files) {
    const history = historyFromJSON(JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')));
    // With the project's codec: histories recorded since it seal their payloads; older ones pass through.
    await Worker.runReplayHistory(
      {
        workflowBundle: { codePath: env.bundlePath },
        dataConverter: sealedDataConverter(loadConfig({}).sealing),
      },
      history,
      file,
    );
  }
});
