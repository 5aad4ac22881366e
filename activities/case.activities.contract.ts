// Types shared by the activities and the workflows that call them (workflows import only types from here).
import type {
  CaseState,
  Deadline,
  EventDraft,
  OpenCaseInput,
  RegionState,
  Actor,
} from '../domain/case.types';

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
}

export interface PersistResult {
  eventIds: string[];
  noticeIds: string[];
}
