import fc from 'fast-check';
import { DISPOSITION, HOLD, computeRound, formatShare, netLoss } from '../../domain/refunds';

const f64 = (xs: number[]) => Float64Array.from(xs);
const round = (pool: number, loss: number[], already: number[] = loss.map(() => 0), extra = {}) =>
  computeRound({ poolFen: pool, lossFen: f64(loss), alreadyFen: f64(already), ...extra });
const sum = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0);

describe('netLoss', () => {
  it('When returns and refunds are below principal, then they offset it (2014意见 第五条)', () => {
    expect(netLoss(1_000_000, 120_000, 80_000)).toEqual({
      principalFen: 1_000_000,
      receivedFen: 200_000,
      lossFen: 800_000,
      receivableFen: 0,
    });
  });

  it('When a participant got back more than they put in, then the excess is a receivable, not a negative claim', () => {
    expect(netLoss(500_000, 450_000, 100_000)).toEqual({
      principalFen: 500_000,
      receivedFen: 550_000,
      lossFen: 0,
      receivableFen: 50_000,
    });
  });

  it('When everything came back exactly, then there is neither claim nor receivable', () => {
    expect(netLoss(300, 300, 0)).toMatchObject({ lossFen: 0, receivableFen: 0 });
  });

  it.each([
    [-1, 0, 0],
    [1.5, 0, 0],
    [0, -2, 0],
    [0, 0, Number.NaN],
    [2 ** 53, 0, 0],
  ])('When an amount is not a non-negative integer of 分 (%p, %p, %p), then it is refused', (p, r, f) => {
    expect(() => netLoss(p, r, f)).toThrow(RangeError);
  });
});

describe('computeRound', () => {
  it('When the pool covers everything owed, then R = 1 and each claim gets exactly what it is owed', () => {
    const r = round(10_000, [1_000, 2_000], [100, 0]);
    expect(Array.from(r.amountFen)).toEqual([900, 2_000]);
    expect(formatShare(r.shareNumerator, r.shareDenominator)).toBe('1.000000');
    expect(r.totals).toMatchObject({
      owedFen: 2_900,
      allocatedFen: 2_900,
      paidFen: 2_900,
      unallocatedFen: 7_100,
    });
  });

  it('When three equal claims share 100 分, then the odd 分 goes to the first in the input (participant-id order)', () => {
    const r = round(100, [1_000, 1_000, 1_000]);
    expect(Array.from(r.amountFen)).toEqual([34, 33, 33]);
    expect(r.shareNumerator * 3n === r.shareDenominator / 10n).toBe(true); // R = 1/30
  });

  it('When remainders differ, then the missing 分 go to the largest remainders first', () => {
    // R = 10/61: 300R = 49.18, 200R = 32.79, 110R = 18.03 → floors 49+32+18 = 99, one 分 to the 200 claim.
    const r = round(100, [300, 200, 110]);
    expect(Array.from(r.amountFen)).toEqual([49, 33, 18]);
  });

  it('When a claim was confirmed late, then it is first brought up to the share the others already have', () => {
    // Two claims already at 50%, a late one at 0; 300 分 brings the late one to 50% first, then all three up.
    const r = round(300, [1_000, 1_000, 1_000], [500, 500, 0]);
    expect(Array.from(r.amountFen)).toEqual([0, 0, 300]);
    // 600 分: 3000R − 1000 = 600, R = 8/15; 533.33 each above the 500 already paid, the odd 分 to the first.
    const r2 = round(600, [1_000, 1_000, 1_000], [500, 500, 0]);
    expect(Array.from(r2.amountFen)).toEqual([34, 33, 533]);
    expect(formatShare(r2.shareNumerator, r2.shareDenominator)).toBe('0.533333');
  });

  it('When claims are held (disputed, 提存, heirs), then their share is reserved, not paid, and R counts them', () => {
    const r = round(400, [1_000, 1_000, 1_000, 1_000], undefined, {
      hold: Uint8Array.from([HOLD.none, HOLD.disputed, HOLD.unregistered, HOLD.heirs]),
    });
    expect(Array.from(r.amountFen)).toEqual([100, 100, 100, 100]);
    expect(Array.from(r.disposition)).toEqual([
      DISPOSITION.pay,
      DISPOSITION.reserve,
      DISPOSITION.reserve,
      DISPOSITION.reserve,
    ]);
    expect(r.totals).toMatchObject({ paidFen: 100, payees: 1, reservedFen: 300, reserved: 3 });
  });

  it('When an allocation is below the minimum payout, then it is carried to a later round', () => {
    const r = round(1_010, [100_000, 1_000], undefined, { minPayoutFen: 50 });
    expect(Array.from(r.amountFen)).toEqual([1_000, 10]);
    expect(Array.from(r.disposition)).toEqual([DISPOSITION.pay, DISPOSITION.carry]);
    expect(r.totals).toMatchObject({ paidFen: 1_000, carriedFen: 10, carried: 1, allocatedFen: 1_010 });
  });

  it('When the pool is 0, then nobody moves', () => {
    const r = round(0, [1_000, 2_000], [100, 400]);
    expect(Array.from(r.amountFen)).toEqual([0, 0]);
    expect(formatShare(r.shareNumerator, r.shareDenominator)).toBe('0.100000');
  });

  it('When a claim is fully paid already, then it takes no part', () => {
    const r = round(50, [1_000, 100], [0, 100]);
    expect(Array.from(r.amountFen)).toEqual([50, 0]);
    expect(r.disposition[1]).toBe(DISPOSITION.none);
  });

  it('When inputs are malformed, then the round is refused rather than guessed', () => {
    expect(() => round(10, [0])).toThrow(RangeError);
    expect(() => round(10, [100], [-1])).toThrow(RangeError);
    expect(() => round(-1, [100])).toThrow(RangeError);
    expect(() => computeRound({ poolFen: 1, lossFen: f64([1, 2]), alreadyFen: f64([0]) })).toThrow(
      RangeError,
    );
  });
});

// Claims: losses from 1 分 to 10 亿元 so that loss × R overflows doubles, and earlier payments anywhere up to
// the loss.
const claimArb = fc
  .integer({ min: 1, max: 100_000_000_000 })
  .chain((loss) => fc.tuple(fc.constant(loss), fc.oneof(fc.constant(0), fc.integer({ min: 0, max: loss }))));
const claimsArb = fc.array(claimArb, { minLength: 1, maxLength: 60 });
const poolArb = (owed: number) =>
  fc.oneof(fc.integer({ min: 0, max: owed + 10 }), fc.integer({ min: 0, max: 1_000 }), fc.constant(owed));

const owedOf = (claims: [number, number][]) => sum(claims.map(([l, a]) => l - a));

describe('computeRound properties', () => {
  it('When any round is computed, then Σ allocations = min(pool, Σ owed) and 0 ≤ allocation ≤ owed', () => {
    fc.assert(
      fc.property(
        claimsArb.chain((c) => fc.tuple(fc.constant(c), poolArb(owedOf(c)))),
        ([claims, pool]) => {
          const r = round(
            pool,
            claims.map(([l]) => l),
            claims.map(([, a]) => a),
          );
          const owed = owedOf(claims);
          expect(sum(r.amountFen)).toBe(Math.min(pool, owed));
          expect(r.totals.paidFen).toBe(Math.min(pool, owed));
          claims.forEach(([l, a], i) => {
            expect(r.amountFen[i]).toBeGreaterThanOrEqual(0);
            expect(r.amountFen[i]).toBeLessThanOrEqual(l - a);
            expect(Number.isInteger(r.amountFen[i])).toBe(true);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('When any round is computed, then every claim it raises stands within 1 分 of R × loss', () => {
    fc.assert(
      fc.property(
        claimsArb.chain((c) => fc.tuple(fc.constant(c), poolArb(owedOf(c)))),
        ([claims, pool]) => {
          const r = round(
            pool,
            claims.map(([l]) => l),
            claims.map(([, a]) => a),
          );
          const num = r.shareNumerator;
          const den = r.shareDenominator;
          claims.forEach(([l, a], i) => {
            const target = BigInt(l) * num; // R × loss, scaled by den
            const cum = BigInt(a + r.amountFen[i]) * den;
            if (r.amountFen[i] > 0) {
              expect(cum > target - den && cum < target + den).toBe(true);
            } else {
              // Not raised: it already stood at or above R (within the rounding of floor), or was covered.
              expect(cum + den > target).toBe(true);
            }
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('When nobody joins late, then two rounds leave every claim within 1 分 of one round of the combined pool', () => {
    const lossesArb = fc.array(fc.integer({ min: 1, max: 100_000_000_000 }), { minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(
        lossesArb.chain((ls) =>
          fc.tuple(
            fc.constant(ls),
            fc.integer({ min: 0, max: sum(ls) }),
            fc.integer({ min: 0, max: sum(ls) }),
          ),
        ),
        ([losses, d1, d2]) => {
          const first = round(d1, losses);
          const second = round(d2, losses, Array.from(first.amountFen));
          const once = round(d1 + d2, losses);
          losses.forEach((_, i) => {
            const twice = first.amountFen[i] + second.amountFen[i];
            expect(Math.abs(twice - once.amountFen[i])).toBeLessThanOrEqual(1);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('When a round is recomputed from the same register, then the snapshot is identical', () => {
    fc.assert(
      fc.property(
        claimsArb.chain((c) =>
          fc.tuple(
            fc.constant(c),
            poolArb(owedOf(c)),
            fc.uint8Array({ minLength: c.length, maxLength: c.length }),
          ),
        ),
        ([claims, pool, holds]) => {
          const hold = holds.map((h) => h % 4);
          const args = [
            pool,
            claims.map(([l]) => l),
            claims.map(([, a]) => a),
            { hold, minPayoutFen: 7 },
          ] as const;
          const a = round(...args);
          const b = round(...args);
          expect(b).toEqual(a);
        },
      ),
      { numRuns: 100 },
    );
  });
});
