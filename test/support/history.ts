// Records the case workflow's history of a test case for the replay tests, when asked to:
// `RECORD_HISTORIES=1 npx jest --selectProjects integration test/integration/<file>` rewrites
// test/replay/histories/<name>.json from the run. Normal runs record nothing.
import fs from 'node:fs';
import path from 'node:path';
import type { TestApi } from './api';
import { caseWorkflowId } from '../../workflows/case.messages';

const DIR = path.resolve(__dirname, '..', 'replay', 'histories');

export async function saveHistoryWhenRecording(api: TestApi, caseId: string, name: string): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  const history = await api.temporal.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
  const { historyToJSON } = await import('@temporalio/common/lib/proto-utils');
  fs.mkdirSync(DIR, { recursive: true });
  fs.writeFileSync(path.join(DIR, `${name}.json`), historyToJSON(history));
}
