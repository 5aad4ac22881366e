// Public tips (issue 14, build 9): intake with an unguessable receipt, the reporter's identity sealed and
// opened only by the financial office with a logged reason, verification into a lead (a case opened in
// detection with source `tip`) or a closure, and the reward: eligibility, tier, approval, payment.
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Config } from '../config';
import type { Db } from '../db/knex';
import { createSealer } from '../db/sealing';
import {
  earlierTipOnCase,
  findTip,
  findTipStateByReceipt,
  insertTip,
  listTips,
  readReporter,
  type TipRow,
  updateTipIf,
} from '../db/tip.repository';
import type { Caller } from '../domain/access';
import { canonicalJson } from '../domain/canonical';
import type { OpenCaseInput } from '../domain/case.types';
import { conflict, invalidTransition, notFound, validationFailed } from '../domain/errors';
import { isUuid } from '../domain/input';
import { visibleRegionCodes } from '../domain/reference';
import {
  type RewardExclusions,
  type RewardTier,
  type TipInput,
  type TipReporter,
  type TipState,
  isNamed,
  publicTipState,
  rewardIneligibility,
  rewardStepRefusal,
  tierRefusal,
  tipIntakeDueOn,
  verificationRefusal,
} from '../domain/tips';
import { loadCalendarData } from '../db/calendar.repository';
import { HolidayCalendar } from '../domain/calendar';
import type { CaseService } from './case.service';

/** Crockford's base32: no I, L, O, U, so a receipt read out over the phone cannot be misheard as another. */
const B32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

/** 128 random bits as 26 base32 characters in groups of five or six; the separators are optional on input. */
const formatReceipt = (raw: string) => raw.match(/.{1,5}/g)!.join('-');
export const normalizeReceipt = (s: string): string | null => {
  const r = s.toUpperCase().replace(/[\s-]/g, '');
  return /^[0-9A-HJKMNP-TV-Z]{26}$/.test(r) ? r : null;
};

export type ReceiptAnswer = { receipt: string };

export function createTipsService(deps: { db: Db; config: Config; cases: CaseService }) {
  const { db, config, cases } = deps;
  let sealer: ReturnType<typeof createSealer> | undefined;
  const seal = () => (sealer ??= createSealer(config.sealing));
  const receiptHash = (r: string) => createHash('sha256').update(`tip-receipt:${r}`).digest('hex');
  const regions = (caller: Caller) => visibleRegionCodes(caller.regionCode);

  const calendar = async () => {
    const data = await loadCalendarData(db);
    return new HolidayCalendar(data.days, data.years);
  };
  /** What officers see: the tip with the day its intake is due. */
  const withDue = (tip: TipRow, cal: HolidayCalendar) => ({
    ...tip,
    intakeDueOn: tipIntakeDueOn(tip.receivedAt, cal),
  });

  async function visibleTip(caller: Caller, id: string): Promise<TipRow> {
    const tip = isUuid(id) ? await findTip(db, id, regions(caller)) : null;
    if (!tip) throw notFound('举报');
    return tip;
  }

  /**
   * With an Idempotency-Key the tip's id and receipt are derived from the key (keyed by the server's HMAC
   * key, so no one else can compute them): a retry answers the same receipt and registers nothing new, and
   * the same key with another body is a 409 CONFLICT.
   */
  async function submit(input: TipInput, idempotencyKey: string | null): Promise<ReceiptAnswer> {
    const derived = idempotencyKey
      ? createHmac('sha256', config.sealing.hmacKey).update(`tip:${idempotencyKey}`).digest()
      : randomBytes(32);
    const raw = base32(derived.subarray(0, 16));
    const id = idempotencyKey
      ? [...derived.subarray(16, 32)].map((b) => b.toString(16).padStart(2, '0')).join('')
      : randomUUID().replace(/-/g, '');
    const uuid = `${id.slice(0, 8)}-${id.slice(8, 12)}-4${id.slice(13, 16)}-8${id.slice(17, 20)}-${id.slice(20, 32)}`;
    const requestHash = idempotencyKey
      ? createHash('sha256').update(canonicalJson(input)).digest('hex')
      : null;
    const reporter: TipReporter | undefined =
      input.reporter && Object.keys(input.reporter).length ? input.reporter : undefined;
    const out = await insertTip(db, {
      id: uuid,
      receiptHash: receiptHash(raw),
      requestHash,
      regionCode: input.regionCode,
      what: input.what,
      where: input.where,
      who: input.who ?? null,
      evidence: input.evidence ?? null,
      named: isNamed(reporter),
      reporter: reporter ? seal().seal(JSON.stringify(reporter)) : null,
    });
    if (!out.inserted && out.requestHash !== requestHash)
      throw conflict('该 Idempotency-Key 已用于另一份举报');
    return { receipt: formatReceipt(raw) };
  }

  async function status(receipt: string): Promise<{ state: TipState }> {
    const r = normalizeReceipt(receipt);
    const state = r ? await findTipStateByReceipt(db, receiptHash(r)) : null;
    if (!state) throw notFound('举报回执');
    return publicTipState(state);
  }

  async function verified(caller: Caller, tip: TipRow, set: Record<string, unknown>): Promise<TipRow> {
    const ok = await updateTipIf(
      db,
      tip.id,
      { state: 'received' },
      { ...set, verified_by: caller.userId, verified_at: new Date() },
    );
    if (!ok) throw invalidTransition('该举报已核查完毕');
    return visibleTip(caller, tip.id);
  }

  return {
    submit,
    status,

    async list(caller: Caller, q: { state?: TipState; page: number; pageSize: number }) {
      const [r, cal] = await Promise.all([listTips(db, { regionCodes: regions(caller), ...q }), calendar()]);
      return {
        items: r.items.map((t) => withDue(t, cal)),
        total: r.total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    get: async (caller: Caller, id: string) => withDue(await visibleTip(caller, id), await calendar()),

    /** 条例 art.16: the reporter is kept confidential; an opening needs a reason and is logged with it. */
    async reporter(caller: Caller, id: string, reason: string): Promise<{ reporter: TipReporter | null }> {
      const tip = await visibleTip(caller, id);
      const sealed = await db.transaction((trx) =>
        readReporter(trx, tip.id, { userId: caller.userId, reason }),
      );
      return { reporter: sealed ? (JSON.parse(seal().open(sealed)) as TipReporter) : null };
    },

    /** Verified as a matter not yet known: a case is opened in detection with the tip as its source. */
    async openCase(caller: Caller, id: string, body: Omit<OpenCaseInput, 'source'>): Promise<TipRow> {
      const tip = await visibleTip(caller, id);
      const why = verificationRefusal(tip.state);
      if (why) throw invalidTransition(why);
      // The key is the tip's: a retry after a failure finds the same case instead of opening a second one.
      const opened = await cases.openCase(
        caller,
        { ...body, source: { kind: 'tip', reference: `举报 ${tip.id}` } },
        `tip:${tip.id}`,
      );
      return verified(caller, tip, { state: 'lead', case_id: opened.id, already_known: false });
    },

    /** Verified as part of a case already known (举报奖励办法 art.4(2): no reward for it). */
    async linkCase(caller: Caller, id: string, caseId: string): Promise<TipRow> {
      const tip = await visibleTip(caller, id);
      const why = verificationRefusal(tip.state);
      if (why) throw invalidTransition(why);
      if (!isUuid(caseId))
        throw validationFailed('案件不存在', [{ field: '/caseId', message: '没有这个案件' }]);
      const c = await cases.getCase(caller, caseId).catch(() => null);
      if (!c) throw validationFailed('案件不存在', [{ field: '/caseId', message: '没有这个案件' }]);
      return verified(caller, tip, { state: 'lead', case_id: c.id, already_known: true });
    },

    async close(caller: Caller, id: string, reason: string): Promise<TipRow> {
      const tip = await visibleTip(caller, id);
      const why = verificationRefusal(tip.state);
      if (why) throw invalidTransition(why);
      return verified(caller, tip, { state: 'closed', closed_reason: reason });
    },

    async proposeReward(
      caller: Caller,
      id: string,
      body: RewardExclusions & { tier: RewardTier; amountFen: number },
    ): Promise<TipRow> {
      const tip = await visibleTip(caller, id);
      const step = rewardStepRefusal(tip.reward.state, 'propose');
      if (step) throw invalidTransition(step);
      const reasons = rewardIneligibility({
        state: tip.state,
        named: tip.named,
        alreadyKnown: tip.alreadyKnown,
        earlierTipOnCase: await earlierTipOnCase(db, tip),
        reporterIsStaff: body.reporterIsStaff,
        reporterParticipated: body.reporterParticipated,
      });
      if (reasons.length) throw invalidTransition(`不符合举报奖励条件：${reasons.join('；')}`);
      const tier = tierRefusal(body.tier, body.amountFen);
      if (tier) throw validationFailed(tier, [{ field: '/amountFen', message: tier }]);
      const ok = await updateTipIf(
        db,
        tip.id,
        { rewardState: ['none', 'rejected'] },
        {
          reward_state: 'proposed',
          reward_tier: body.tier,
          reward_amount_fen: body.amountFen,
          reward_proposed_by: caller.userId,
          reward_decided_by: null,
          reward_note: null,
        },
      );
      if (!ok) throw invalidTransition('奖励状态已改变，请刷新后再试');
      return visibleTip(caller, tip.id);
    },

    async decideReward(
      caller: Caller,
      id: string,
      body: { approved: boolean; note?: string },
    ): Promise<TipRow> {
      const tip = await visibleTip(caller, id);
      const step = rewardStepRefusal(tip.reward.state, 'decide');
      if (step) throw invalidTransition(step);
      const ok = await updateTipIf(
        db,
        tip.id,
        { rewardState: ['proposed'] },
        {
          reward_state: body.approved ? 'approved' : 'rejected',
          reward_decided_by: caller.userId,
          reward_note: body.note ?? null,
        },
      );
      if (!ok) throw invalidTransition('奖励状态已改变，请刷新后再试');
      return visibleTip(caller, tip.id);
    },

    async recordPaid(caller: Caller, id: string, paidOn: string): Promise<TipRow> {
      const tip = await visibleTip(caller, id);
      const step = rewardStepRefusal(tip.reward.state, 'pay');
      if (step) throw invalidTransition(step);
      const ok = await updateTipIf(
        db,
        tip.id,
        { rewardState: ['approved'] },
        { reward_state: 'paid', reward_paid_on: paidOn },
      );
      if (!ok) throw invalidTransition('奖励状态已改变，请刷新后再试');
      return visibleTip(caller, tip.id);
    },
  };
}

export type TipsService = ReturnType<typeof createTipsService>;
