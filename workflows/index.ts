// The workflow bundle's entry: every workflow the worker registers.
export { caseWorkflow } from './case.workflow';
export { benchBareWorkflow } from './bench.workflow';
export { jobWorkflow } from './job.workflow';
