import {
  DEFAULT_ROUND_TERMS,
  approveRoundTransition,
  checkReleasePayee,
  computeRoundTransition,
  refundRoundTerms,
  refuseStaleSnapshot,
} from '../../domain/claims.track';
import { type DomainError } from '../../domain/errors';
import { parsePayee } from '../../domain/participants';
import { idNumberOf } from '../support/refunds';

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

  it('When a round was computed on another register version, or before versions were stamped, then approval is refused with CONFLICT on /round', () => {
    expect(code(() => refuseStaleSnapshot(1, 7, 7))).toBe('OK');
    expect(code(() => refuseStaleSnapshot(1, 7, 8))).toBe('CONFLICT');
    expect(code(() => refuseStaleSnapshot(1, null, 0))).toBe('CONFLICT');
    expect(() => refuseStaleSnapshot(2, 7, 8)).toThrow(
      expect.objectContaining({ errors: [{ field: '/round', message: '须重新计算' }] }),
    );
    expect(() => refuseStaleSnapshot(2, 7, 8)).toThrow(/重新计算/);
  });

  it('When a payee is given, then it is validated as a participant is and normalised, with its masked forms', () => {
    const id = idNumberOf(42);
    expect(
      parsePayee(
        {
          name: ' 岩某之子 ',
          idNumber: ` ${id.toLowerCase()} `,
          bankName: '农业银行',
          bankAccount: '6228 4800-1234 5678',
        },
        '/payee',
      ),
    ).toEqual({
      name: '岩某之子',
      idNumber: id,
      bankName: '农业银行',
      bankAccount: '6228480012345678',
      identityMasked: `${id.slice(0, 4)}**********${id.slice(-4)}`,
      bankAccountMasked: '尾号5678',
    });
    const wrongCheck = `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`;
    expect(() =>
      parsePayee(
        { name: ' ', idNumber: wrongCheck, bankName: '农业银行', bankAccount: '1234-567' },
        '/payee',
      ),
    ).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        errors: [
          { field: '/payee/name', message: '收款人姓名为空' },
          { field: '/payee/idNumber', message: '身份证号码无效（校验码或出生日期不符，GB 11643）' },
          { field: '/payee/bankAccount', message: '银行账号应为8至32位数字' },
        ],
      }),
    );
  });

  it('When a hold is released, then only the heirs’ release names a payee, and it must', () => {
    const payee = parsePayee(
      { name: '岩某之子', idNumber: idNumberOf(1), bankName: '农业银行', bankAccount: '622848001234' },
      '/payee',
    );
    expect(code(() => checkReleasePayee('heirs', payee))).toBe('OK');
    expect(code(() => checkReleasePayee('heirs', undefined))).toBe('VALIDATION_FAILED');
    expect(code(() => checkReleasePayee('unregistered', payee))).toBe('VALIDATION_FAILED');
    expect(code(() => checkReleasePayee('unregistered', undefined))).toBe('OK');
  });
});
