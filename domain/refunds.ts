// The refund arithmetic of a case's claims register (集资参与人清退): net loss, receivables and one refund
// round, exact to the 分. Pure and synchronous; typed arrays throughout so that a round over a million claims
// is a few passes over flat memory and one sort, never a million objects (ARCHITECTURE.md: bulk data never
// enters a workflow, the arithmetic is in domain/ and shared by the API and the bulk activity).
//
// Money is integer 分 held in float64 lanes: every amount, and every total of a case, must be a safe integer
// (below 2^53 分 ≈ 90 万亿元, far above any case: e租宝 raised about 7.6 × 10^12 分). Products of a loss and the
// round's share do not fit and are taken in BigInt, once per claim.

/** The largest total of a case the arithmetic accepts: sums must stay exact in a float64. */
export const MAX_TOTAL_FEN = Number.MAX_SAFE_INTEGER;

export interface NetLoss {
  principalFen: number;
  /** Everything the participant got back before the register: interest, dividends, "returns", refunds. */
  receivedFen: number;
  /** What the participant lost and may claim; 0 when they got back all or more than they put in. */
  lossFen: number;
  /** What they got back beyond their principal: recovered into the pool, listed as owed by them. */
  receivableFen: number;
}

const checkFen = (name: string, v: number): void => {
  if (!Number.isSafeInteger(v) || v < 0)
    throw new RangeError(`${name} must be a non-negative integer number of 分, not ${v}`);
};

/**
 * Net loss of one participant (all of their records merged, across regions).
 *
 * 2014《最高人民法院 最高人民检察院 公安部关于办理非法集资刑事案件适用法律若干问题的意见》第五条: interest, dividends
 * and other returns paid to participants are illegal proceeds to be recovered; where a participant has not got
 * the principal back, the returns received offset (折抵) the principal. 刑诉解释 第四百三十八条: refunds already
 * received are deducted. So loss = principal − everything received, and what was received beyond principal is a
 * receivable to recover (条例 第二十六条 lists it among the sources of refund money), never a negative claim.
 * Both are returned: the caller lists the receivable, nothing is clamped away unseen.
 */
export function netLoss(principalFen: number, returnsFen: number, refundedFen: number): NetLoss {
  checkFen('principalFen', principalFen);
  checkFen('returnsFen', returnsFen);
  checkFen('refundedFen', refundedFen);
  const receivedFen = returnsFen + refundedFen;
  if (!Number.isSafeInteger(receivedFen)) throw new RangeError('returnsFen + refundedFen is too large');
  return principalFen >= receivedFen
    ? { principalFen, receivedFen, lossFen: principalFen - receivedFen, receivableFen: 0 }
    : { principalFen, receivedFen, lossFen: 0, receivableFen: receivedFen - principalFen };
}

/**
 * Why a claim's share is held back rather than paid (DOMAIN.md: disputed claims, known non-registrants and
 * heirs awaiting proof are held in reserve; each is paid from the reserve once resolved).
 */
export const HOLD = {
  none: 0,
  /** 异议: the claim is disputed; the objection window of the unified requirements runs. */
  disputed: 1,
  /** 提存: known from the platform's records, not registered. */
  unregistered: 2,
  /** The participant died; the heirs have not yet proved title. */
  heirs: 3,
} as const;
export type HoldReason = keyof typeof HOLD;

/** What a round does with a claim's allocation. */
export const DISPOSITION = {
  /** Nothing allocated: fully paid already, or at or above the round's share. */
  none: 0,
  pay: 1,
  /** Set aside in the reserve for a held claim. */
  reserve: 2,
  /** Below the minimum payout: left in the pool, brought up in a later round. */
  carry: 3,
} as const;

export interface RoundInput {
  /** D: what the round may distribute (realized, less costs, less what earlier rounds paid or reserved). */
  poolFen: number;
  /** Per claim, its net loss (> 0; claims without a loss are not in a round). */
  lossFen: ArrayLike<number>;
  /** Per claim, what earlier rounds paid it or set aside for it in the reserve. */
  alreadyFen: ArrayLike<number>;
  /** Per claim, a HOLD value; absent means nobody is held. */
  hold?: ArrayLike<number>;
  /** Allocations above 0 and below this are carried to a later round (configurable minimum payout). */
  minPayoutFen?: number;
}

export interface RoundTotals {
  claims: number;
  /** Σ max(0, loss − already): what was still owed before the round. */
  owedFen: number;
  /** min(pool, owed): the round allocates exactly this. */
  allocatedFen: number;
  paidFen: number;
  payees: number;
  reservedFen: number;
  reserved: number;
  carriedFen: number;
  carried: number;
  /** pool − allocated: left over because everything owed is covered. */
  unallocatedFen: number;
}

export interface RoundResult {
  /** The cumulative share R = shareNumerator / shareDenominator of every loss after the round, 0 ≤ R ≤ 1. */
  shareNumerator: bigint;
  shareDenominator: bigint;
  /** Per claim, this round's allocation (paid, reserved or carried according to disposition). */
  amountFen: Float64Array;
  disposition: Uint8Array;
  totals: RoundTotals;
}

/**
 * One refund round (统一资产处置: one ratio for every region's participants of the case).
 *
 * 2014意见 第五条 and 涉财产执行规定 第十条 with 刑诉解释 第四百三十八条: when the assets do not cover every loss they are
 * returned in proportion to each participant's loss, minus what each already received. Rounds are cumulative:
 * the round finds the one share R with Σ max(0, loss × R − already) = D, so a claim confirmed late is first
 * brought up to the earlier rounds' share, and the round pays exactly D, or exactly what is still owed when D
 * covers everything (R = 1).
 *
 * Exact in 分: each allocation is floor(loss × R) − already, then the 分 still missing are given one each to the
 * claims with the largest remainder of loss × R. Ties go to the claim that comes first in the input: callers
 * pass claims in participant-id order (ids are time-ordered as people enter the register, and never change),
 * so a recomputation gives the same snapshot and
 * no claim wins a tie by the chance of a sort. Every claim's cumulative amount is thus floor or ceil of
 * loss × R, and 0 ≤ allocation ≤ loss − already.
 *
 * Held claims take part in finding R (their share must be there when they are resolved) and their allocation
 * goes to the reserve; allocations below the minimum payout stay in the pool for a later round.
 */
export function computeRound(input: RoundInput): RoundResult {
  const { poolFen, lossFen, alreadyFen } = input;
  const n = lossFen.length;
  const minPayoutFen = input.minPayoutFen ?? 0;
  checkFen('poolFen', poolFen);
  checkFen('minPayoutFen', minPayoutFen);
  if (alreadyFen.length !== n) throw new RangeError('alreadyFen must have one entry per claim');
  if (input.hold && input.hold.length !== n) throw new RangeError('hold must have one entry per claim');

  // Claims still owed something, and their totals.
  let owedFen = 0;
  let sumLoss = 0;
  for (let i = 0; i < n; i++) {
    const l = lossFen[i];
    const a = alreadyFen[i];
    if (!Number.isSafeInteger(l) || l <= 0) throw new RangeError(`lossFen[${i}] must be a positive integer`);
    if (!Number.isSafeInteger(a) || a < 0)
      throw new RangeError(`alreadyFen[${i}] must be a non-negative integer`);
    sumLoss += l;
    if (a < l) {
      owedFen += l - a;
    }
  }
  if (sumLoss > MAX_TOTAL_FEN) throw new RangeError('the losses of the case total more than 2^53 分');

  const amountFen = new Float64Array(n);
  const disposition = new Uint8Array(n);
  let num: bigint;
  let den: bigint;

  if (poolFen >= owedFen) {
    // Everything owed is covered: R = 1, each claim gets exactly its remainder.
    num = 1n;
    den = 1n;
    for (let i = 0; i < n; i++) if (alreadyFen[i] < lossFen[i]) amountFen[i] = lossFen[i] - alreadyFen[i];
  } else if (poolFen === 0) {
    // Nothing to distribute: R is where the least-paid claim already stands, and nobody moves.
    [num, den] = lowestShare(lossFen, alreadyFen);
  } else {
    [num, den] = findShare(poolFen, lossFen, alreadyFen);
    distribute(poolFen, lossFen, alreadyFen, num, den, amountFen);
  }

  const totals: RoundTotals = {
    claims: n,
    owedFen,
    allocatedFen: 0,
    paidFen: 0,
    payees: 0,
    reservedFen: 0,
    reserved: 0,
    carriedFen: 0,
    carried: 0,
    unallocatedFen: 0,
  };
  const hold = input.hold;
  for (let i = 0; i < n; i++) {
    const x = amountFen[i];
    if (x === 0) continue;
    totals.allocatedFen += x;
    if (hold && hold[i] !== HOLD.none) {
      disposition[i] = DISPOSITION.reserve;
      totals.reservedFen += x;
      totals.reserved++;
    } else if (x < minPayoutFen) {
      disposition[i] = DISPOSITION.carry;
      totals.carriedFen += x;
      totals.carried++;
    } else {
      disposition[i] = DISPOSITION.pay;
      totals.paidFen += x;
      totals.payees++;
    }
  }
  totals.unallocatedFen = poolFen - totals.allocatedFen;
  return { shareNumerator: num, shareDenominator: den, amountFen, disposition, totals };
}

/**
 * R with Σ max(0, loss × R − already) = pool, for pool < owed. The total is convex, increasing and piecewise
 * linear in R. Bisection in doubles brackets the root (a few dozen passes over flat arrays, cheaper than sorting
 * a million shares); the exact R is then found by Newton steps from the right of the root on the exact active set
 * (R = (pool + Σ already) / Σ loss over the claims below R), which end after one or two steps. Whether a claim
 * is below R is decided in doubles when its share is clearly away from R, and in BigInt otherwise.
 */
function findShare(pool: number, loss: ArrayLike<number>, already: ArrayLike<number>): [bigint, bigint] {
  const n = loss.length;
  const total = (r: number): number => {
    let t = 0;
    for (let i = 0; i < n; i++) {
      const x = loss[i] * r - already[i];
      if (x > 0) t += x;
    }
    return t;
  };
  let lo = 0;
  let hi = 1;
  for (let step = 0; step < 60 && hi - lo > 1e-15; step++) {
    const mid = (lo + hi) / 2;
    if (total(mid) < pool) lo = mid;
    else hi = mid;
  }
  // Start just right of the root (hi, nudged) so that the active set holds every claim the root needs.
  let num = BigInt(Math.round(Math.min(1, hi * (1 + 1e-9)) * 2 ** 52));
  let den = 2n ** 52n;
  for (let step = 0; step < 64; step++) {
    const rd = Number(num) / Number(den);
    let l = 0;
    let a = 0;
    for (let i = 0; i < n; i++) {
      const li = loss[i];
      const ai = already[i];
      if (ai >= li) continue;
      const s = ai / li;
      const below =
        s < rd * (1 - 1e-12) ? true : s > rd * (1 + 1e-12) ? false : BigInt(ai) * den < BigInt(li) * num;
      if (below) {
        l += li;
        a += ai;
      }
    }
    const nextNum = BigInt(pool + a);
    const nextDen = BigInt(l);
    if (nextNum * den === num * nextDen) return reduce(num, den);
    num = nextNum;
    den = nextDen;
  }
  throw new Error('refund share did not converge');
}

function lowestShare(loss: ArrayLike<number>, already: ArrayLike<number>): [bigint, bigint] {
  let num = 1n;
  let den = 1n;
  for (let i = 0; i < loss.length; i++)
    if (BigInt(already[i]) * den < num * BigInt(loss[i])) [num, den] = [BigInt(already[i]), BigInt(loss[i])];
  return reduce(num, den);
}

const gcd = (a: bigint, b: bigint): bigint => {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};
const reduce = (num: bigint, den: bigint): [bigint, bigint] => {
  const g = gcd(num, den);
  return g > 1n ? [num / g, den / g] : [num, den];
};

/** floor(loss × R) − already for the active claims, then the missing 分 by largest remainder. */
function distribute(
  pool: number,
  loss: ArrayLike<number>,
  already: ArrayLike<number>,
  num: bigint,
  den: bigint,
  out: Float64Array,
): void {
  const n = loss.length;
  // Remainders are below den ≤ Σ loss < 2^53: exact as doubles. -1 marks a claim that takes no part.
  const remainder = new Float64Array(n).fill(-1);
  let given = 0;
  for (let i = 0; i < n; i++) {
    if (already[i] >= loss[i]) continue;
    const t = BigInt(loss[i]) * num;
    const floor = Number(t / den);
    if (floor < already[i]) continue;
    // A claim exactly at R (floor = already, remainder 0) is active but gains nothing; keeping it in the
    // remainder race changes nothing, as a 0 remainder never wins a 分 while one is missing.
    out[i] = floor - already[i];
    given += out[i];
    remainder[i] = Number(t % den);
  }
  let missing = pool - given;
  if (missing === 0) return;
  // The missing-th largest remainder, from one typed sort; above it every claim gets 1 分, at it the earliest.
  const sorted = Float64Array.from(remainder).sort();
  const threshold = sorted[n - missing];
  for (let i = 0; i < n; i++)
    if (remainder[i] > threshold) {
      out[i] += 1;
      missing--;
    }
  for (let i = 0; i < n && missing > 0; i++)
    if (remainder[i] === threshold) {
      out[i] += 1;
      missing--;
    }
  if (missing !== 0) throw new Error('refund round could not place every 分');
}

/** R as a decimal for display and for the notices, rounded down to `digits` places (never overstates it). */
export function formatShare(num: bigint, den: bigint, digits = 6): string {
  const scaled = (num * 10n ** BigInt(digits)) / den;
  const s = scaled.toString().padStart(digits + 1, '0');
  return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}
