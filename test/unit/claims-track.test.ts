import {
  DEFAULT_ROUND_TERMS,
  approveRoundTransition,
  computeRoundTransition,
  refundRoundTerms,
} from '../../domain/claims.track';
import { type DomainError } from '../../domain/errors';

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as DomainError).code;
  }
  return 'OK';
};

describe('claims track', () => {
  it('When a round is computed, then it is numbered after the approved ones and holds its pool', () => {
    const { rounds, roundNo } = computeRoundTransition([], 500, 'fo-1', 1_000, 'j1');
    expect(roundNo).toBe(1);
    expect(rounds).toEqual([
      { roundNo: 1, poolFen: 500, state: 'computed', computedBy: 'fo-1', approvedBy: null, jobId: 'j1' },
    ]);
    const approved = approveRoundTransition(rounds, 1, 'leader-1');
    expect(computeRoundTransition(approved, 300, 'fo-1', 1_000, 'j2').roundNo).toBe(2);
  });

  it('When the latest round is not approved yet, then computing again replaces its snapshot', () => {
    const first = computeRoundTransition([], 500, 'fo-1', 1_000, 'j1');
    const again = computeRoundTransition(first.rounds, 600, 'fo-2', 1_000, 'j2');
    expect(again.roundNo).toBe(1);
    expect(again.rounds).toHaveLength(1);
    expect(again.rounds[0]).toMatchObject({ poolFen: 600, computedBy: 'fo-2', jobId: 'j2' });
  });

  it('When the pool exceeds what was realized, then the round is refused', () => {
    expect(code(() => computeRoundTransition([], 1_001, 'fo-1', 1_000, 'j1'))).toBe('INVALID_TRANSITION');
  });

  it('When the one who computed approves, or the round is approved already or unknown, then it is refused', () => {
    const { rounds } = computeRoundTransition([], 500, 'fo-1', 1_000, 'j1');
    expect(code(() => approveRoundTransition(rounds, 1, 'fo-1'))).toBe('FORBIDDEN');
    expect(code(() => approveRoundTransition(rounds, 2, 'leader-1'))).toBe('NOT_FOUND');
    const approved = approveRoundTransition(rounds, 1, 'leader-1');
    expect(approved[0]).toMatchObject({ state: 'approved', approvedBy: 'leader-1' });
    expect(code(() => approveRoundTransition(approved, 1, 'leader-2'))).toBe('INVALID_TRANSITION');
  });

  it('When the unified requirements set no refund terms, then the defaults apply; when they set some, those apply', () => {
    expect(refundRoundTerms(undefined)).toEqual({
      payStartsAfterDays: 10,
      objectionDays: 15,
      payEndsAfterDays: 40,
    });
    expect(refundRoundTerms({ objectionDays: null, payStartsAfterDays: null })).toEqual(DEFAULT_ROUND_TERMS);
    expect(refundRoundTerms({ objectionDays: 20, payStartsAfterDays: 5, payEndsAfterDays: 30 })).toEqual({
      payStartsAfterDays: 5,
      objectionDays: 20,
      payEndsAfterDays: 30,
    });
    // The payment window never ends before it starts.
    expect(refundRoundTerms({ payStartsAfterDays: 60 })).toMatchObject({
      payStartsAfterDays: 60,
      payEndsAfterDays: 60,
    });
  });
});
