// Types shared by the activities and the workflows that call them (workflows import only types from here).
import type {
  CaseState,
  Deadline,
  EventDraft,
  OpenCaseInput,
  RegionState,
  Actor,
} from '../domain/case.types';
import type { ClaimsEffect } from '../domain/claims.track';
import type { JobWorkflowInput } from '../workflows/job.messages';

export interface OpenCaseActivityInput {
  caseId: string;
  eventId: string;
  input: OpenCaseInput;
  actor: Actor;
  occurredAt: string;
  idempotencyKey: string | null;
}

export interface PersistInput {
  caseId: string;
  events: EventDraft[];
  case: CaseState;
  /** The tracks the step changed (their rows are rewritten). */
  tracks: RegionState[];
  /** Codes of tracks the step added (add_region): their rows are inserted first. */
  tracksAdded: string[];
  deadlines: Deadline[];
  /** Work on the claims register, done in the same transaction (absent in histories recorded before it). */
  effects?: ClaimsEffect[];
}

export interface PersistResult {
  eventIds: string[];
  noticeIds: string[];
  /** Bulk jobs the step created (a refund round computed or approved): the workflow starts each. */
  jobs?: JobWorkflowInput[];
}
