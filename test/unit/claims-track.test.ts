import {
  CLAIMS_ACTIONS,
  approveRoundTransition,
  computeRoundTransition,
  initialClaimsTrack,
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
    const { track, roundNo } = computeRoundTransition(initialClaimsTrack(), { poolFen: 500 }, 'fo-1', 1_000);
    expect(roundNo).toBe(1);
    expect(track.rounds).toEqual([
      { roundNo: 1, poolFen: 500, state: 'computed', computedBy: 'fo-1', approvedBy: null },
    ]);
  });

  it('When the latest round is not approved yet, then computing again replaces its snapshot', () => {
    const first = computeRoundTransition(initialClaimsTrack(), { poolFen: 500 }, 'fo-1', 1_000);
    const again = computeRoundTransition(first.track, { poolFen: 600 }, 'fo-2', 1_000);
    expect(again.roundNo).toBe(1);
    expect(again.track.rounds).toHaveLength(1);
    expect(again.track.rounds[0]).toMatchObject({ poolFen: 600, computedBy: 'fo-2' });
  });

  it('When the pool exceeds what was realized less earlier rounds, then the round is refused', () => {
    const r1 = computeRoundTransition(initialClaimsTrack(), { poolFen: 700 }, 'fo-1', 1_000);
    const approved = approveRoundTransition(r1.track, { round: 1 }, 'leader-1');
    expect(code(() => computeRoundTransition(approved, { poolFen: 301 }, 'fo-1', 1_000))).toBe(
      'INVALID_TRANSITION',
    );
    expect(computeRoundTransition(approved, { poolFen: 300 }, 'fo-1', 1_000).roundNo).toBe(2);
  });

  it('When the one who computed a round approves it, then it is refused; another leader may', () => {
    const { track } = computeRoundTransition(initialClaimsTrack(), { poolFen: 500 }, 'u-1', 1_000);
    expect(code(() => approveRoundTransition(track, { round: 1 }, 'u-1'))).toBe('FORBIDDEN');
    const approved = approveRoundTransition(track, { round: 1 }, 'u-2');
    expect(approved.rounds[0]).toMatchObject({ state: 'approved', approvedBy: 'u-2' });
    expect(code(() => approveRoundTransition(approved, { round: 1 }, 'u-3'))).toBe('INVALID_TRANSITION');
    expect(code(() => approveRoundTransition(approved, { round: 2 }, 'u-3'))).toBe('NOT_FOUND');
  });

  it('When the catalogue entries are read, then they keep the contract of the issue', () => {
    expect(CLAIMS_ACTIONS.compute_refund_round).toMatchObject({
      roles: ['financial_office'],
      leadOnly: true,
    });
    expect(CLAIMS_ACTIONS.approve_refund_round).toMatchObject({ roles: ['leader'], leadOnly: true });
    expect(CLAIMS_ACTIONS.confirm_claims.payloadSchema.oneOf).toHaveLength(2);
    expect(CLAIMS_ACTIONS.compute_refund_round.payloadSchema.required).toEqual(['poolFen']);
  });
});
