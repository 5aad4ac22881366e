// The bare baseline of the lifecycle benchmark: a workflow that accepts Updates and does nothing else, so
// the benchmark can compare the case workflow against Temporal's own cost on the same server.
import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

export const bareUpdate = defineUpdate<number, [string]>('bare');
export const bareDone = defineUpdate<void, []>('bareDone');

export async function benchBareWorkflow(): Promise<void> {
  let count = 0;
  let done = false;
  setHandler(bareUpdate, (_action: string) => ++count);
  setHandler(bareDone, () => {
    done = true;
  });
  await condition(() => done);
}
