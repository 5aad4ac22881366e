// The case use cases behind the HTTP routes: read the projection, pre-check with the same domain rules the
// workflows apply (for a fast, clear refusal), and send writes to the case workflows as Updates.
import { createHash, randomUUID } from 'node:crypto';
import {
  type Client,
  type Workflow,
  WithStartWorkflowOperation,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import type { Db } from '../db/knex';
import * as repo from '../db/case.repository';
import { findNotice, listCaseNotices } from '../db/notice.repository';
import { registeredParticipantIds } from '../db/petition.repository';
import {
  type Caller,
  allowedActions,
  canReadRegionRecord,
  refuseAction,
  refuseCaller,
} from '../domain/access';
import { assetPoolOf } from '../domain/assets';
import { canonicalJson } from '../domain/canonical';
import {
  claimIdempotencyKey,
  findIdempotencyClaim,
  releaseIdempotencyClaim,
} from '../db/idempotency.repository';
import { ACTIONS, type ActionName, type LogPetition, isActionName } from '../domain/catalogue';
import type { Actor, CaseState, OpenCaseInput, RegionState } from '../domain/case.types';
import { DomainError, type FieldError, validationFailed } from '../domain/errors';
import { isValidCreditCode, isValidIdNumber, maskIdNumber } from '../domain/identity';
import { refuseCorrection } from '../domain/notices';
import { linkedParticipantIds, participantLinkErrors } from '../domain/petitions';
import { isUuid, refuseFutureOccurredAt } from '../domain/input';
import { maskPersonalData } from '../domain/personal-data';
import { regionByCode, visibleRegionCodes } from '../domain/reference';
import type { Config } from '../config';
import {
  type ActResult,
  type WorkflowSettings,
  actUpdate,
  caseWorkflowId,
  openUpdate,
} from '../workflows/case.messages';
import { domainErrorOf } from './problem';
import { validateBody } from './validation';

export interface CaseServiceDeps {
  db: Db;
  temporal: Client;
  config: Config;
}

export function workflowSettings(config: Config): WorkflowSettings {
  return {
    timeScale: config.deadlines.timeScale,
    reminderWorkingDays: config.deadlines.reminderWorkingDays,
    progressBulletinDays: config.deadlines.progressBulletinDays,
    maxHistoryEvents: config.maxHistoryEvents,
  };
}

/** Each region's track as the case workflow last persisted it, in the same transaction as the case row. */
const regionStatesOf = (c: repo.CaseRecord): RegionState[] =>
  c.regions.map((r) => r.state).filter((s): s is RegionState => s !== null);

const actorOf = (c: Caller): Actor => ({
  userId: c.userId,
  role: c.role,
  unitId: c.unitId,
  regionCode: c.regionCode,
});

const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** A Temporal call that ran out of its deadline, however the SDK wraps it (gRPC status 4 DEADLINE_EXCEEDED). */
function isTimeout(err: unknown): boolean {
  let cur: unknown = err;
  for (let depth = 0; cur && depth < 8; depth++) {
    if (cur instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
    if ((cur as { code?: unknown }).code === 4) return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}

/** The key as stored and sent to Temporal: its caller's and case's own (see claimKey). */
export const scopedIdempotencyKey = (userId: string, caseId: string, key: string) =>
  sha256Hex(`${userId}\u0000${caseId}\u0000${key}`);

/** A case id derived from (caller, Idempotency-Key), so a retried POST /api/cases finds the case it made. */
function caseIdFor(caller: Caller, key: string | null): string {
  if (!key) return randomUUID();
  const h = createHash('sha256').update(`${caller.userId}\u0000${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function createCaseService({ db, temporal, config }: CaseServiceDeps) {
  const taskQueue = config.temporal.taskQueue;

  const view = (c: repo.CaseRecord, caller: Caller, openDeadlines: repo.DeadlineRecord[]) => ({
    id: c.id,
    caseNo: c.caseNo,
    title: c.title,
    sector: c.sector,
    stage: c.stage,
    leadRegionCode: c.leadRegionCode,
    regions: c.regions.map((r) => ({
      code: r.code,
      name: r.name,
      role: r.role,
      stage: r.stage,
      outcome: r.outcome,
    })),
    overdue: c.overdue,
    openDeadlines: openDeadlines.map((d) => ({
      id: d.id,
      rule: d.rule,
      regionCode: d.regionCode,
      dueOn: d.dueOn,
      state: d.state,
    })),
    allowedActions: allowedActions(caller, c.state, regionStatesOf(c)),
    source: c.source,
    subjects: maskPersonalData(c.subjects) as typeof c.subjects,
    estimatedAmountFen: c.estimatedAmountFen,
    estimatedParticipants: c.estimatedParticipants,
    summary: c.summary,
    openedAt: c.openedAt,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  });

  async function loadVisible(caller: Caller, id: string): Promise<repo.CaseRecord> {
    if (!isUuid(id)) throw new DomainError('NOT_FOUND', '案件不存在');
    const c = await repo.findVisibleCase(db, id, visibleRegionCodes(caller.regionCode));
    if (!c) throw new DomainError('NOT_FOUND', '案件不存在');
    return c;
  }

  /**
   * Sends an action to its workflow with a time limit (config.actionTimeoutMs) on every call to Temporal. With
   * no worker polling, an update would otherwise wait for ever and take effect whenever one came back, after
   * its caller gave up; now the caller gets 503 WORKER_UNAVAILABLE, and the workflow's validator refuses the
   * update if it arrives after `notAfter` (workflows/runtime.ts refuseLate), so it never takes effect later.
   */
  async function withinActionTimeout<T>(send: (notAfter: string) => Promise<T>): Promise<T> {
    const deadline = Date.now() + config.actionTimeoutMs;
    try {
      return await temporal.connection.withDeadline(deadline, () => send(new Date(deadline).toISOString()));
    } catch (err) {
      if (isTimeout(err)) {
        throw new DomainError(
          'WORKER_UNAVAILABLE',
          `办理服务 ${Math.round(config.actionTimeoutMs / 1000)} 秒内未受理此操作，操作未生效；请稍后用同一 Idempotency-Key 重试`,
        );
      }
      throw err;
    }
  }

  /**
   * An Idempotency-Key belongs to its caller and case (ARCHITECTURE.md: the key is the update id, so a key
   * shared by two callers would hand one the other's result): the key used everywhere below is
   * sha256(user, case, key). Its first use is recorded with the action and the request's hash; a reuse for
   * another action or another body is a CONFLICT, never a silent replay. Answers the scoped key.
   */
  async function claimKey(
    caller: Caller,
    caseId: string,
    action: string,
    key: string,
    request: unknown,
    /** Only compare with a recorded first use; record nothing (before the request's refusals are known). */
    checkOnly = false,
  ) {
    const scopeKey = scopedIdempotencyKey(caller.userId, caseId, key);
    const requestHash = sha256Hex(canonicalJson(request));
    const claim = { scopeKey, userId: caller.userId, caseId, action, requestHash };
    const first = checkOnly ? await findIdempotencyClaim(db, scopeKey) : await claimIdempotencyKey(db, claim);
    if (first && (first.action !== action || first.requestHash !== requestHash)) {
      throw new DomainError(
        'CONFLICT',
        first.action !== action
          ? `此 Idempotency-Key 已用于操作「${first.action}」`
          : '此 Idempotency-Key 已用于内容不同的请求',
        [{ field: 'Idempotency-Key', message: '已用于另一请求，请换用新的键' }],
      );
    }
    return scopeKey;
  }

  async function getCase(caller: Caller, id: string) {
    // Read together; nothing of the deadlines is returned unless the case is visible to the caller.
    const [c, open] = await Promise.all([loadVisible(caller, id), repo.listOpenDeadlinesOf(db, [id])]);
    return view(c, caller, open.get(id) ?? []);
  }

  function checkOpening(caller: Caller, input: OpenCaseInput): void {
    const errors: FieldError[] = [];
    const future = refuseFutureOccurredAt(input.occurredAt, Date.now());
    if (future) errors.push(future);
    if (input.leadRegionCode !== caller.regionCode) {
      throw new DomainError('FORBIDDEN', '只能以本地区作为牵头地区立档');
    }
    const codes = [input.leadRegionCode, ...(input.assistingRegionCodes ?? [])];
    codes.forEach((code, i) => {
      if (!regionByCode(code))
        errors.push({
          field: i === 0 ? '/leadRegionCode' : `/assistingRegionCodes/${i - 1}`,
          message: '未知的行政区划代码',
        });
    });
    if (new Set(codes).size !== codes.length)
      errors.push({ field: '/assistingRegionCodes', message: '协办地区不能与牵头地区重复' });
    input.subjects.forEach((s, i) => {
      if (s.kind === 'legal_person' && !s.creditCode)
        errors.push({ field: `/subjects/${i}/creditCode`, message: '法人须填写统一社会信用代码' });
      if (s.creditCode && !isValidCreditCode(s.creditCode))
        errors.push({
          field: `/subjects/${i}/creditCode`,
          message: '统一社会信用代码校验位错误（GB 32100）',
        });
      if (s.idNumber && !isValidIdNumber(s.idNumber))
        errors.push({ field: `/subjects/${i}/idNumber`, message: '居民身份证号码校验位错误（GB 11643）' });
    });
    if (errors.length) throw new DomainError('VALIDATION_FAILED', '案件信息校验未通过', errors);
  }

  async function openCase(caller: Caller, input: OpenCaseInput, idempotencyKey: string | null) {
    checkOpening(caller, input);
    const caseId = caseIdFor(caller, idempotencyKey);
    if (idempotencyKey) await claimKey(caller, caseId, 'open_case', idempotencyKey, input);
    if (await findOwnCase(caller, caseId)) return getCase(caller, caseId);
    const opening: OpenCaseInput = { ...input, assistingRegionCodes: input.assistingRegionCodes ?? [] };
    const start = new WithStartWorkflowOperation('caseWorkflow', {
      workflowId: caseWorkflowId(caseId),
      taskQueue,
      args: [{ caseId, settings: workflowSettings(config) }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    try {
      await withinActionTimeout((notAfter) =>
        temporal.workflow.executeUpdateWithStart(openUpdate, {
          args: [{ input: opening, actor: actorOf(caller), idempotencyKey, notAfter }],
          // One id per request, not per key: Temporal answers a reused update id with its first outcome even
          // from a closed run, so a refused opening would be replayed for ever. Two requests with one key are
          // still applied once: the workflow opens the case once and answers the other CONFLICT (below).
          updateId: `open:${caseId}:${randomUUID()}`,
          startWorkflowOperation: start,
        }),
      );
    } catch (err) {
      if (domainErrorOf(err)?.code === 'CONFLICT' && (await findOwnCase(caller, caseId))) {
        return getCase(caller, caseId);
      }
      await abandonFailedOpening(caller, caseId, start, err);
      throw err;
    }
    return getCase(caller, caseId);
  }

  const findOwnCase = (caller: Caller, caseId: string) =>
    repo.findVisibleCase(db, caseId, visibleRegionCodes(caller.regionCode));

  /**
   * A refused opening leaves a workflow with no case waiting for an opening that may never come. Ending that
   * run leaves nothing behind; a retry with the same key (same case id, so same workflow id) starts a fresh
   * run. Only a final refusal (a DomainError) of a case with no row qualifies; a CONFLICT means the case
   * exists, and a timeout may still be applied, so both are left alone.
   */
  async function abandonFailedOpening(
    caller: Caller,
    caseId: string,
    start: WithStartWorkflowOperation<Workflow>,
    err: unknown,
  ) {
    const refusal = domainErrorOf(err);
    if (!refusal || refusal.code === 'CONFLICT') return;
    if (await findOwnCase(caller, caseId)) return;
    const handle = await start.workflowHandle().catch(() => null);
    if (!handle) return;
    // The handle names the run the update went to (its first execution run id), never a later fresh one.
    await handle.terminate(`opening refused: ${refusal.code}`).catch(() => undefined);
  }

  /**
   * Rules that read rows the workflows cannot (notices), applied before the action is sent; a refusal here
   * writes nothing and takes no number.
   */
  const refusePayload: Partial<
    Record<
      ActionName,
      (caller: Caller, caseId: string, payload: Record<string, unknown>) => Promise<DomainError | null>
    >
  > = {
    issue_correction: async (caller, caseId, payload) =>
      refuseCorrection(caller, caseId, await findNotice(db, String(payload.noticeId))),
    // A petitioner or representative linked to the claims register must be one of this case's participants
    // (issue 13, item 14): linked by id, never by a copy of their identity.
    log_petition: async (_caller, caseId, payload) => {
      // The body has passed the action's schema, so it is a LogPetition.
      const petition = payload as unknown as LogPetition;
      const ids = linkedParticipantIds(petition).filter(isUuid);
      const errors = participantLinkErrors(petition, await registeredParticipantIds(db, caseId, ids));
      return errors.length ? validationFailed('信访人须是本案已登记的集资参与人', errors) : null;
    },
  };

  async function act(
    caller: Caller,
    id: string,
    action: string,
    body: Record<string, unknown>,
    idempotencyKey: string | null,
  ) {
    if (!isActionName(action)) throw new DomainError('NOT_FOUND', `没有名为「${action}」的操作`);
    const spec = ACTIONS[action];
    const c = await loadVisible(caller, id);
    validateBody(spec.payloadSchema, body);
    // A regional action's regionCode says which track it is for; a case action's is part of its payload.
    const { occurredAt, ...rest } = body as { occurredAt?: string; regionCode?: string };
    const { regionCode: bodyRegion, ...regionalPayload } = rest;
    const payload = spec.scope === 'region' ? regionalPayload : rest;
    const future = refuseFutureOccurredAt(occurredAt, Date.now());
    if (future) throw new DomainError('VALIDATION_FAILED', '发生时间不能晚于当前时间', [future]);
    const regionCode = spec.scope === 'region' ? (bodyRegion ?? caller.regionCode) : null;
    const region = regionCode ? c.regions.find((r) => r.code === regionCode) : undefined;
    if (regionCode && !region) {
      throw new DomainError('VALIDATION_FAILED', '本案不涉及该地区', [
        { field: '/regionCode', message: '不是本案的涉案地区' },
      ]);
    }
    // Authorization first: a replay is an answer too, and only for someone who could have taken the action.
    const who = refuseCaller(action, {
      caller,
      caseState: c.state,
      region: region?.state ?? undefined,
      leadRegionCode: c.leadRegionCode,
    });
    if (who) {
      // Whose court acts can move with the action itself (file_appeal hands the track to the court above,
      // remand_for_retrial back, docs/decisions/0021): the officer who took it, retrying with the same key
      // (scoped to them), still gets its answer; anyone else is refused.
      const taken = idempotencyKey
        ? await repo.findEventByIdempotencyKey(
            db,
            id,
            scopedIdempotencyKey(caller.userId, id, idempotencyKey),
          )
        : null;
      if (!taken || taken.action !== action) throw who;
      await claimKey(caller, id, action, idempotencyKey!, body, true);
      return answer(caller, id, taken.id, taken);
    }
    // Compared with its first use now, recorded only once the action is not refused: a refused request
    // writes nothing, its key included, so the caller may correct the body and send it again with the key.
    const scopedKey = idempotencyKey ? await claimKey(caller, id, action, idempotencyKey, body, true) : null;
    if (scopedKey) {
      const prior = await repo.findEventByIdempotencyKey(db, id, scopedKey);
      if (prior) return answer(caller, id, prior.id, prior);
    }
    const refusal = refuseAction(action, {
      caller,
      caseState: c.state,
      region: region?.state ?? undefined,
      casePhase: c.state.phase,
      leadRegionCode: c.leadRegionCode,
    });
    if (refusal) throw refusal;
    const payloadRefusal = await refusePayload[action]?.(caller, id, payload);
    if (payloadRefusal) throw payloadRefusal;
    if (idempotencyKey) await claimKey(caller, id, action, idempotencyKey, body);
    const result: ActResult = await withinActionTimeout((notAfter) =>
      temporal.workflow.getHandle(caseWorkflowId(id)).executeUpdate(actUpdate, {
        args: [
          {
            notAfter,
            action,
            payload,
            actor: actorOf(caller),
            occurredAt,
            idempotencyKey: scopedKey,
            regionCode,
          },
        ],
        updateId: scopedKey ? `idem:${scopedKey}` : randomUUID(),
      }),
    ).catch(async (err: unknown) => {
      // The workflow refused it (its validator, or the transition): nothing was applied, so the key is not
      // bound either. A 503 keeps its claim: the retry it asks for must carry the same request.
      const refusal = domainErrorOf(err);
      if (scopedKey && refusal && refusal.code !== 'WORKER_UNAVAILABLE')
        await releaseIdempotencyClaim(db, scopedKey);
      throw err;
    });
    return answer(caller, id, result.eventId);
  }

  /** An action's answer: the case as it now stands, the event, and the notices the event issued. */
  async function answer(caller: Caller, id: string, eventId: string, known?: repo.EventRecord) {
    const [event, notices, kase] = await Promise.all([
      known ?? repo.findEvent(db, eventId),
      listCaseNotices(db, id, { eventId }),
      getCase(caller, id),
    ]);
    return { case: kase, event: eventView(event!), notices: notices.map(noticeSummary) };
  }

  return {
    getCase,
    openCase,
    act,
    async listCases(caller: Caller, q: repo.CaseFilter & { page: number; pageSize: number }) {
      const { page, pageSize, ...filter } = q;
      const { items, total } = await repo.listVisibleCases(
        db,
        visibleRegionCodes(caller.regionCode),
        filter,
        page,
        pageSize,
      );
      // One query for the whole page, not one per case.
      const open = await repo.listOpenDeadlinesOf(
        db,
        items.map((c) => c.id),
      );
      return {
        items: items.map((c) => view(c, caller, open.get(c.id) ?? [])),
        page,
        pageSize,
        total,
      };
    },
    async events(caller: Caller, id: string) {
      const c = await loadVisible(caller, id);
      return (await repo.listEvents(db, id))
        .filter((e) => canReadRegionRecord(caller, c.leadRegionCode, e.regionCode))
        .map(eventView);
    },
    /** The one asset pool; another region's holders are named only to the lead region and the prefecture. */
    async assets(caller: Caller, id: string) {
      const c = await loadVisible(caller, id);
      const pool = assetPoolOf(c.state, regionStatesOf(c));
      return {
        ...pool,
        assets: pool.assets.map((a) =>
          canReadRegionRecord(caller, c.leadRegionCode, a.regionCode)
            ? a
            : { ...a, holderName: maskName(a.holderName) },
        ),
      };
    },
    async requirements(caller: Caller, id: string) {
      const c = await loadVisible(caller, id);
      const history = c.state.requirements ?? [];
      return { current: history.at(-1) ?? null, history };
    },
    async deadlines(caller: Caller, id: string) {
      await loadVisible(caller, id);
      return repo.listCaseDeadlines(db, id);
    },
    /** Issue 13: every suspect of the regions the caller reads, identity masked, with the clocks keyed by them. */
    async suspects(caller: Caller, id: string) {
      const c = await loadVisible(caller, id);
      const deadlines = await repo.listCaseDeadlines(db, id);
      return c.regions
        .filter((r) => r.state && canReadRegionRecord(caller, c.leadRegionCode, r.code))
        .flatMap((r) =>
          (r.state!.suspects ?? []).map((x) => ({
            ...x,
            regionCode: r.code,
            idNumber: x.idNumber ? maskIdNumber(x.idNumber) : null,
            deadlines: deadlines
              .filter((d) => d.subjectId === x.id)
              .map((d) => ({
                id: d.id,
                rule: d.rule,
                state: d.state,
                startedOn: d.startedOn,
                baseDueOn: d.baseDueOn,
                dueOn: d.dueOn,
                dueAt: d.dueAt,
                inCustody: d.inCustody,
                extensions: d.extensions,
              })),
          })),
        );
    },
    async notices(caller: Caller, id: string) {
      const c = await loadVisible(caller, id);
      const [notices, events] = await Promise.all([listCaseNotices(db, id), repo.listEvents(db, id)]);
      const regionOf = new Map(events.map((e) => [e.id, e.regionCode]));
      return notices
        .filter((n) => canReadRegionRecord(caller, c.leadRegionCode, regionOf.get(n.eventId ?? '') ?? null))
        .map(noticeSummary);
    },
    async listDeadlines(caller: Caller, q: repo.DeadlineFilter & { page: number; pageSize: number }) {
      const { page, pageSize, ...filter } = q;
      const { items, total } = await repo.listVisibleDeadlines(
        db,
        visibleRegionCodes(caller.regionCode),
        filter,
        page,
        pageSize,
      );
      return { items, page, pageSize, total };
    },
  };
}

export type CaseService = ReturnType<typeof createCaseService>;

/** 张** : a name as another region's officer may see it. */
const maskName = (name: string): string =>
  name.length <= 1 ? '*' : `${name[0]}${'*'.repeat(name.length - 1)}`;

export const eventView = (e: repo.EventRecord) => ({
  seq: e.seq,
  id: e.id,
  at: e.at,
  recordedAt: e.recordedAt,
  action: e.action,
  actor: e.actor,
  regionCode: e.regionCode,
  // Every role that sees the case reads its history: identity, account and phone numbers are masked here.
  payload: maskPersonalData(e.payload),
});

export const noticeSummary = (n: {
  id: string;
  kind: string;
  docNo: string;
  issuingUnitName: string;
  issuingUnitId: string;
  issuedAt: string;
  sha256: string;
  eventId: string | null;
}) => ({
  id: n.id,
  kind: n.kind,
  docNo: n.docNo,
  issuingUnit: n.issuingUnitName,
  issuingUnitId: n.issuingUnitId,
  issuedAt: n.issuedAt,
  sha256: n.sha256,
  eventId: n.eventId,
});

export type CaseStateView = CaseState;
export type { ActionName };
