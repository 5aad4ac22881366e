// The contract of the case workflows (STYLE.md 7): inputs, updates, signals, queries and ids. The API
// imports this file; it must stay free of anything but types and message definitions.
import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ActionName } from '../domain/catalogue';
import type {
  Actor,
  CasePhase,
  CaseState,
  OpenCaseInput,
  RegionState,
  RegionSummary,
} from '../domain/case.types';
import type { CalendarDay } from '../domain/calendar';

export const caseWorkflowId = (caseId: string) => `case/${caseId}`;
export const regionWorkflowId = (caseId: string, regionCode: string) => `case/${caseId}/region/${regionCode}`;

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
  carried?: { state: CaseState; calendar: CalendarData; recentUpdates: [string, ActResult][] };
}

export interface RegionWorkflowInput {
  caseId: string;
  regionCode: string;
  role: 'lead' | 'assisting';
  crossRegion: boolean;
  openedAt: string;
  settings: WorkflowSettings;
  /** The case's holiday calendar (absent in regions started before it was passed; they load it). */
  calendar?: CalendarData;
  carried?: { state: RegionState; calendar: CalendarData; recentUpdates: [string, ActResult][] };
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
  /** ISO instant after which the caller has been told the action failed (see refuseLate). */
  notAfter?: string;
  /**
   * The case phase the caller saw (regional actions). A region that has not yet heard of that phase takes it
   * when it is one regions are not signalled (regionAdoptsCasePhase), or else waits for the case's signal
   * before judging the action, instead of refusing it on a stale phase.
   */
  expectedCasePhase?: CasePhase;
}

export interface ActResult {
  eventId: string;
  noticeIds: string[];
  /**
   * What the API waits for before it answers, so the answer shows the action's whole effect: the regions
   * having entered a phase (they are told by signal), or the case having heard a region's report (by
   * signal). The signals carry the effect durably; the wait only makes the answer current.
   */
  catchUp?: { regionsEnter?: CasePhase; caseHears?: string };
}

export interface PhaseMessage {
  phase: CasePhase;
  occurredAt: string;
  /** Whether the case waits for phaseAck; absent (= true) in signals sent before the API did the waiting. */
  ackWanted?: boolean;
}

export interface RegionEndedMessage {
  summary: RegionSummary;
  occurredAt: string;
  /** Whether the region waits for regionEndedAck; absent (= true) in signals sent before. */
  ackWanted?: boolean;
  /** The id of the event that ended the region's phase, which the API may wait for the case to hear. */
  reportId?: string;
}

export const openUpdate = defineUpdate<ActResult, [OpenInput]>('open');
export const actUpdate = defineUpdate<ActResult, [ActInput]>('act');
/** Parent → region: the case entered a phase. The region answers with phaseAck, if asked, once it has persisted. */
export const casePhaseSignal = defineSignal<[PhaseMessage]>('casePhase');
export const phaseAckSignal = defineSignal<[{ regionCode: string; phase: CasePhase }]>('phaseAck');
/** Region → parent: its separate phase ended; the parent moves the case on (and acks, if asked). */
export const regionEndedSignal = defineSignal<[RegionEndedMessage]>('regionEnded');
export const regionEndedAckSignal = defineSignal<[{ seq: number }]>('regionEndedAck');
/** Region → parent: its summary changed (petition clocks, stabilization). */
export const regionProgressSignal = defineSignal<[RegionSummary]>('regionProgress');
/** API → region: answers true once the region has entered the phase (false after 10 s). Changes nothing. */
export const regionEnteredUpdate = defineUpdate<boolean, [CasePhase]>('awaitCasePhase');
/** API → case: answers true once the case has heard the region report with this id (false after 10 s). */
export const caseHeardUpdate = defineUpdate<boolean, [string]>('awaitRegionReport');
export const caseStateQuery = defineQuery<CaseState | null>('caseState');
export const regionStateQuery = defineQuery<RegionState | null>('regionState');

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
