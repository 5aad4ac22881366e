// 债权确认：集资参与人的债权经登记后予以确认或提出异议，异议经处理后确认或撤回.
// Each action's catalogue entry (GET /api/actions), its payload's shape and schema and its transition, side by
// side (docs/decisions/0009). The register itself is Postgres's: a transition only names the work (a
// ClaimsEffect) and the persist transaction does it set-based, in the same transaction as the event, so a
// region's million claims never enter the workflow or its history (docs/decisions/0015).
//
// Basis: the claims a round pays are the confirmed ones. In the criminal track the effective judgment's list
// of participants and their losses is the basis (《最高人民法院关于适用〈中华人民共和国刑事诉讼法〉的解释》第四百三十八条;
// 《最高人民法院关于刑事裁判涉财产部分执行的若干规定》第十条); a disputed claim is held back while its objection
// runs (the objection window is set in the unified handling requirements, 统一办案要求) and paid from the
// reserve once confirmed (《防范和处置非法集资条例》第二十六条).
//
// Held back, not paid (条例 第二十五条: the participants' money is refunded to them; 第二十六条: the refund money
// and its sources): a participant known from the platform's records who has not registered (提存), and a
// deceased participant until the heirs prove title. hold_claim marks them; their share is reserved by every
// round (domain/refunds.ts HOLD) and release_claim_hold lifts it on the evidence, so the next round, which
// raises every claim to the cumulative share R, pays them from the reserve what earlier rounds held back.
// A deceased participant's claim is part of the estate (《中华人民共和国民法典》第一千一百二十一条、第一千一百二十二条):
// the release on the heirs' proof names the payee (an heir or the heirs' representative) and their own account,
// to which the rounds pay it from then on (domain/claims.track.ts checkReleasePayee).
import { type Regional, regionAction, schema, text } from './kernel';
import { HOLD_OF_REASON } from '../claims.track';
import { type PayeeInput, parsePayee } from '../participants';
import { LIMITS } from '../reference';

const uuid = {
  type: 'string',
  pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
} as const;

export interface ConfirmClaims extends Regional {
  /** Every registered claim of the region (a snapshot taken by the transaction); or exactly the listed ones. */
  all?: true;
  participantIds?: string[];
}
export interface DisputeClaim extends Regional {
  participantId: string;
  reason: string;
}
export interface ResolveClaim extends Regional {
  participantId: string;
  /** confirmed: the objection fails and the claim is paid (from the reserve); withdrawn: it takes no part. */
  outcome: 'confirmed' | 'withdrawn';
  reason: string;
}

export interface HoldClaim extends Regional {
  participantIds: string[];
  /** unregistered: known from the platform's records, not registered (提存); deceased: until heirs prove title. */
  reason: keyof typeof HOLD_OF_REASON;
  /** What the hold rests on (the platform's ledger, the death certificate, …). */
  basis: string;
}
export interface ReleaseClaimHold extends Regional {
  participantId: string;
  /** The heirs' proof of title (公证继承书, 法院判决), or the registration of the one who came forward. */
  evidence: string;
  /** Required when the hold waits for heirs, refused otherwise: who is paid instead of the deceased. */
  payee?: PayeeInput;
}

/** At most this many ids in one confirm_claims: larger sets are confirmed with { all: true }. */
export const MAX_CONFIRM_IDS = 10_000;

export const CLAIMS = {
  confirm_claims: regionAction<ConfirmClaims>({
    title: '确认债权',
    roles: ['financial_office'],
    leadOnly: false,
    stages: ['open'],
    payloadSchema: {
      ...schema<ConfirmClaims>(
        {
          all: { type: 'boolean', const: true },
          participantIds: {
            type: 'array',
            minItems: 1,
            maxItems: MAX_CONFIRM_IDS,
            uniqueItems: true,
            items: uuid,
          },
        },
        [],
        true,
      ),
      // Exactly one of the two forms (the contract of issue 10).
      oneOf: [
        { properties: { all: true }, required: ['all'] },
        { properties: { participantIds: true }, required: ['participantIds'] },
      ],
    } as ReturnType<typeof schema<ConfirmClaims>>,
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    apply: (s, p) => {
      s.effects.push({
        kind: 'confirm_claims',
        regionCode: s.code,
        participantIds: p.all ? null : (p.participantIds ?? []),
        by: s.ctx.actor.userId,
      });
    },
  }),
  dispute_claim: regionAction<DisputeClaim>({
    title: '登记债权异议',
    roles: ['financial_office'],
    leadOnly: false,
    stages: ['open'],
    payloadSchema: schema<DisputeClaim>(
      { participantId: uuid, reason: text(LIMITS.textMax) },
      ['participantId', 'reason'],
      true,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    apply: (s, p) => {
      s.effects.push({
        kind: 'dispute_claim',
        regionCode: s.code,
        participantId: p.participantId,
        reason: p.reason,
        by: s.ctx.actor.userId,
      });
    },
  }),
  resolve_claim: regionAction<ResolveClaim>({
    title: '处理债权异议',
    roles: ['financial_office'],
    leadOnly: false,
    stages: ['open'],
    payloadSchema: schema<ResolveClaim>(
      {
        participantId: uuid,
        outcome: { type: 'string', enum: ['confirmed', 'withdrawn'] },
        reason: text(LIMITS.textMax),
      },
      ['participantId', 'outcome', 'reason'],
      true,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    apply: (s, p) => {
      s.effects.push({
        kind: 'resolve_claim',
        regionCode: s.code,
        participantId: p.participantId,
        outcome: p.outcome,
        reason: p.reason,
        by: s.ctx.actor.userId,
      });
    },
  }),
  hold_claim: regionAction<HoldClaim>({
    title: '暂缓清退（提存、待继承人证明）',
    roles: ['financial_office'],
    leadOnly: false,
    stages: ['open'],
    payloadSchema: schema<HoldClaim>(
      {
        participantIds: {
          type: 'array',
          minItems: 1,
          maxItems: MAX_CONFIRM_IDS,
          uniqueItems: true,
          items: uuid,
        },
        reason: { type: 'string', enum: Object.keys(HOLD_OF_REASON) },
        basis: text(LIMITS.textMax),
      },
      ['participantIds', 'reason', 'basis'],
      true,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    apply: (s, p) => {
      s.effects.push({
        kind: 'hold_claim',
        regionCode: s.code,
        participantIds: p.participantIds,
        hold: HOLD_OF_REASON[p.reason],
        note: p.basis,
        by: s.ctx.actor.userId,
      });
    },
  }),
  release_claim_hold: regionAction<ReleaseClaimHold>({
    title: '解除暂缓清退',
    roles: ['financial_office'],
    leadOnly: false,
    stages: ['open'],
    payloadSchema: schema<ReleaseClaimHold>(
      {
        participantId: uuid,
        evidence: text(LIMITS.textMax),
        payee: {
          type: 'object',
          description: '已故集资参与人的继承人证明继承权后：收款的继承人或继承人代表人及其本人银行账户',
          additionalProperties: false,
          properties: {
            name: text(LIMITS.nameMax),
            idNumber: { type: 'string', minLength: 18, maxLength: 18 },
            bankName: text(LIMITS.nameMax),
            bankAccount: { type: 'string', minLength: 8, maxLength: 40 },
          },
          required: ['name', 'idNumber', 'bankName', 'bankAccount'],
        },
      },
      ['participantId', 'evidence'],
      true,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    apply: (s, p) => {
      s.effects.push({
        kind: 'release_claim_hold',
        regionCode: s.code,
        participantId: p.participantId,
        evidence: p.evidence,
        ...(p.payee ? { payee: parsePayee(p.payee, '/payee') } : {}),
        by: s.ctx.actor.userId,
      });
    },
  }),
};
