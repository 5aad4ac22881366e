// The contract of the case workflow (STYLE.md 7): input, updates, queries and ids. The API imports this
// file; it must stay free of anything but types and message definitions.
import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ActionName } from '../domain/catalogue';
import type { Actor, OpenCaseInput } from '../domain/case.types';
import type { CaseAggregate } from '../domain/case.decide';
import type { CalendarDay } from '../domain/calendar';

export const caseWorkflowId = (caseId: string) => `case/${caseId}`;

export interface WorkflowSettings {
  /** Speed-up factor for deadline timers (1 = real time). */
  timeScale: number;
  reminderWorkingDays: number;
  progressBulletinDays: number;
  /** Continue-as-new once the history is this long, even if the server has not suggested it yet. */
  maxHistoryEvents: number;
}

export interface CalendarData {
  days: CalendarDay[];
  years: number[];
}

export interface CaseWorkflowInput {
  caseId: string;
  settings: WorkflowSettings;
  /** Carried across continue-as-new. */
  carried?: { state: CaseAggregate; calendar: CalendarData; recentUpdates: [string, ActResult][] };
}

export interface OpenInput {
  input: OpenCaseInput;
  actor: Actor;
  idempotencyKey: string | null;
  /** ISO instant after which the caller has been told the action failed (see refuseLate). */
  notAfter?: string;
}

export interface ActInput {
  action: ActionName;
  payload: Record<string, unknown>;
  actor: Actor;
  /** ISO instant; defaults to the workflow's now. */
  occurredAt?: string;
  idempotencyKey: string | null;
  /** The region a regional action is for; absent for case actions. */
  regionCode?: string | null;
  /** ISO instant after which the caller has been told the action failed (see refuseLate). */
  notAfter?: string;
}

export interface ActResult {
  eventId: string;
  noticeIds: string[];
}

export const openUpdate = defineUpdate<ActResult, [OpenInput]>('open');
export const actUpdate = defineUpdate<ActResult, [ActInput]>('act');
export const caseStateQuery = defineQuery<CaseAggregate | null>('caseState');

/**
 * Search attributes of the case workflows, registered on the server by `npm start` and docker-compose.
 * Never personal data: they are stored unencrypted in Temporal's visibility store.
 */
export const SEARCH = {
  caseNo: defineSearchAttributeKey('CaseNo', SearchAttributeType.KEYWORD),
  stage: defineSearchAttributeKey('CaseStage', SearchAttributeType.KEYWORD),
  regionCodes: defineSearchAttributeKey('RegionCodes', SearchAttributeType.KEYWORD_LIST),
  overdue: defineSearchAttributeKey('Overdue', SearchAttributeType.BOOL),
};
