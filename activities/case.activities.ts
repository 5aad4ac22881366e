// Thin adapters from the workflows to Postgres and the notice service. Every write of one workflow step
// happens in one transaction: the events, the projection, the deadlines and the notices with their numbers.
import type { AddSubjects } from '../domain/catalogue';
import type { Db } from '../db/knex';
import * as cases from '../db/case.repository';
import { loadCalendarData } from '../db/calendar.repository';
import { findUnitsByRegion } from '../db/unit.repository';
import { openCase } from '../domain/case.decide';
import type { NoticeService } from './notice.service';
import type { OpenCaseActivityInput, PersistInput, PersistResult } from './case.activities.contract';
import { allocateDocNo } from '../db/notice.repository';
import { shanghaiDateOf } from '../domain/calendar';
import type { CalendarData } from '../workflows/case.messages';
import { toFailure } from '../workflows/failure';
import { applyClaimsEffect } from '../db/refunds.repository';
import type { JobWorkflowInput } from '../workflows/job.messages';

export interface CaseActivityDeps {
  db: Db;
  notices: NoticeService;
  /** Where the bulk jobs an action starts run (config.claims.bulkTaskQueue). */
  bulkTaskQueue?: string;
}

/** A domain refusal met inside an activity is final: it fails the action instead of being retried. */
async function refusalsAreFinal<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toFailure(err);
  }
}

export function createCaseActivities({ db, notices, bulkTaskQueue = 'bulk' }: CaseActivityDeps) {
  return {
    async loadCalendar(): Promise<CalendarData> {
      const data = await loadCalendarData(db);
      return { days: data.days, years: data.years };
    },

    /** Idempotent on the case id: a retry after a lost response finds the case already opened. */
    async openCase(i: OpenCaseActivityInput): Promise<{ caseNo: string; eventId: string }> {
      return db.transaction(async (trx) => {
        const existing = await trx('cases').where({ id: i.caseId }).first('case_no');
        if (existing) {
          const first = await trx('case_events').where({ case_id: i.caseId, seq: 1 }).first('id');
          return { caseNo: existing.case_no, eventId: first.id };
        }
        const lead = await trx('regions').where({ code: i.input.leadRegionCode }).first('case_no_code');
        const office = (await findUnitsByRegion(trx, [i.input.leadRegionCode])).find(
          (u) => u.role === 'financial_office',
        );
        if (!lead || !office) throw new Error(`region ${i.input.leadRegionCode} has no leading group office`);
        const year = Number(shanghaiDateOf(Date.parse(i.occurredAt)).slice(0, 4));
        const caseNo = await allocateDocNo(trx, office.id, lead.case_no_code, year);
        const { kase: state, tracks } = openCase(i.caseId, caseNo.docNo, i.input, i.occurredAt);
        await cases.insertOpenedCase(trx, {
          id: i.caseId,
          caseNo: caseNo.docNo,
          input: i.input,
          createdBy: i.actor.userId,
          openedAt: i.occurredAt,
          state,
          tracks,
        });
        await cases.appendEvent(trx, i.caseId, 1, {
          id: i.eventId,
          action: 'open_case',
          actor: i.actor,
          regionCode: i.input.leadRegionCode,
          payload: i.input,
          occurredAt: i.occurredAt,
          idempotencyKey: i.idempotencyKey,
          notices: [],
        });
        await trx('cases').where({ id: i.caseId }).update({ last_seq: 1 });
        return { caseNo: caseNo.docNo, eventId: i.eventId };
      });
    },

    /**
     * Idempotent on the first event's id: when a retry finds it already written (the worker died after the
     * commit), it answers with what was written instead of writing twice.
     */
    async persistCaseChange(input: PersistInput): Promise<PersistResult> {
      return refusalsAreFinal(() => persistCaseChange(input));
    },
  };

  async function persistCaseChange(input: PersistInput): Promise<PersistResult> {
    return db.transaction(async (trx) => {
      const locked = await cases.lockCase(trx, input.caseId);
      if (!locked) throw new Error(`case ${input.caseId} is not in the projection`);
      const eventIds = input.events.map((e) => e.id);
      const written = await cases.findEventIds(trx, eventIds);
      const effects = input.effects ?? [];
      const jobOf = (jobId: string, kind: JobWorkflowInput['kind']): JobWorkflowInput => ({
        jobId,
        kind,
        bulkTaskQueue,
      });
      if (written.length > 0) {
        const noticeIds = await trx('notices')
          .whereIn('event_id', eventIds)
          .orderBy('issue_order')
          .pluck('id');
        const jobIds = effects.flatMap((e) => ('jobId' in e ? [e.jobId] : []));
        const jobs = jobIds.length
          ? (
              await trx('jobs').whereIn('id', jobIds).select<{ id: string; kind: string }[]>('id', 'kind')
            ).map((j) => jobOf(j.id, j.kind as JobWorkflowInput['kind']))
          : [];
        return { eventIds, noticeIds, jobs };
      }
      // The register's work first (a refusal there rolls back the whole step); what it found goes into the
      // action's event (its first), e.g. the round's number or how many claims were confirmed.
      const jobs: JobWorkflowInput[] = [];
      for (const effect of effects) {
        const main = input.events[0];
        const out = await applyClaimsEffect(trx, input.caseId, effect, main.occurredAt);
        input.events[0] = { ...main, payload: { ...(main.payload as object), ...out.payload } };
        if (out.job) jobs.push(jobOf(out.job.jobId, out.job.kind));
      }
      let seq = locked.lastSeq;
      const noticeIds: string[] = [];
      for (const e of input.events) {
        seq += 1;
        await cases.appendEvent(trx, input.caseId, seq, e);
        // Subjects named after the opening (a township's lead may name nobody yet): onto the case row, where
        // the notices read their addressees (issue 13 item 17, docs/decisions/0017).
        if (e.action === 'add_subjects') {
          await cases.appendSubjects(trx, input.caseId, (e.payload as AddSubjects).subjects);
        }
        if (e.notices.length) {
          noticeIds.push(
            ...(await notices.issueAll(trx, {
              caseId: input.caseId,
              eventId: e.id,
              issuedAt: e.occurredAt,
              requests: e.notices,
            })),
          );
        }
      }
      const added = input.tracks.filter((t) => input.tracksAdded.includes(t.code));
      if (added.length) await cases.insertTracks(trx, input.caseId, added);
      for (const t of input.tracks) await cases.saveRegionState(trx, input.caseId, t);
      if (input.deadlines.length > 0) {
        const leadRegion = input.case.leadRegionCode;
        const units = await findUnitsByRegion(trx, [
          ...new Set(input.deadlines.map((d) => d.responsibleRegionCode ?? d.regionCode ?? leadRegion)),
        ]);
        await cases.upsertDeadlines(trx, input.caseId, input.deadlines, (role, regionCode) => {
          return (
            units.find((u) => u.role === role && u.regionCode === (regionCode ?? leadRegion))?.id ?? null
          );
        });
      }
      // Last: the stage and overdue flag it derives read the region row and deadlines written above.
      await cases.saveCaseRow(trx, input.caseId, {
        state: input.case,
        tracks: input.tracks,
        lastSeq: seq,
      });
      return { eventIds, noticeIds, jobs };
    });
  }
}
