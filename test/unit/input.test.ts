import { isUuid, refuseFutureOccurredAt, refuseText, unsafeTextErrors } from '../../domain/input';
import { periodOf } from '../../domain/deadlines';
import { isErrorCode } from '../../domain/errors';
import { toFailure } from '../../workflows/failure';
import { maskPersonalData } from '../../domain/personal-data';
import { ApplicationFailure } from '@temporalio/common';

describe('refuseText', () => {
  it.each([
    ['理由\u0000', 'NUL', 'U+0000'],
    ['a\u0007b', 'BEL', 'U+0007'],
    ['a\u001bb', 'ESC', 'U+001B'],
    ['a\u007fb', 'DEL', 'U+007F'],
    ['a\u0085b', 'a C1 control', 'U+0085'],
    ['\ud800理由', 'a lone high surrogate', 'U+D800'],
    ['理由\udc00', 'a lone low surrogate', 'U+DC00'],
    ['\udc00\ud800', 'surrogates in the wrong order', 'U+DC00'],
    ['a\uffffb', 'a noncharacter', 'U+FFFF'],
    ['a\ufdd0b', 'a noncharacter of the FDD0 block', 'U+FDD0'],
    ['金额\u202e0001', 'a right-to-left override', 'U+202E'],
    ['金额\u2066x', 'a bidi isolate', 'U+2066'],
  ])('When the text holds %j (%s), then it is refused naming %s', (text, _what, code) => {
    expect(refuseText(text)).toContain(code);
  });

  it.each([
    ['   ', 'spaces'],
    ['\t\n\r', 'tab and line breaks'],
    ['\u3000\u3000', 'full-width spaces'],
  ])('When the text is only %j (%s), then it is refused as blank', (text) => {
    expect(refuseText(text)).toBe('不能只含空白字符');
  });

  it.each([
    ['某某投资公司涉嫌非法吸收公众存款案', 'Chinese'],
    ['第一段\n第二段\t缩进\r\n', 'line breaks and tabs'],
    ['𠀀𪚥 😀', 'characters outside the BMP (well-formed pairs)'],
    ['', 'the empty string (left to minLength)'],
    ['  张某  ', 'text with surrounding blanks'],
  ])('When the text is %j (%s), then it is accepted', (text) => {
    expect(refuseText(text)).toBeNull();
  });
});

describe('unsafeTextErrors', () => {
  it('When strings deep in a body and a property name are bad, then each is named by its JSON pointer', () => {
    const errors = unsafeTextErrors({
      title: ' ',
      subjects: [{ name: 'ok' }, { name: '张\u0000某' }],
      'a/b\u0000': 1,
      n: 5,
      ok: null,
    });
    expect(errors.map((e) => e.field).sort()).toEqual(['/a~1b\u0000', '/subjects/1/name', '/title']);
    expect(errors.find((e) => e.field.startsWith('/a'))?.message).toContain('字段名');
  });

  it('When the body is nested 100,000 levels deep, then the walk finishes without overflowing the stack', () => {
    let deep: unknown = '\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const errors = unsafeTextErrors(deep);
    expect(errors).toHaveLength(1);
    expect(errors[0].field.split('/')).toHaveLength(100_001);
  });
});

describe('refuseFutureOccurredAt', () => {
  const now = Date.parse('2026-03-02T08:00:00+08:00');
  it('When occurredAt is one second after now, then it is refused', () => {
    expect(refuseFutureOccurredAt('2026-03-02T08:00:01+08:00', now)).toEqual({
      field: '/occurredAt',
      message: '不能是将来的时间',
    });
  });
  it('When occurredAt is now or earlier, or absent, then it is accepted', () => {
    expect(refuseFutureOccurredAt('2026-03-02T08:00:00+08:00', now)).toBeNull();
    expect(refuseFutureOccurredAt('2025-01-01T00:00:00+08:00', now)).toBeNull();
    expect(refuseFutureOccurredAt(undefined, now)).toBeNull();
  });
});

describe('names that Object.prototype also has', () => {
  it('When a calculator variant is "constructor" or "__proto__", then it is an unknown variant', () => {
    expect(() => periodOf('PROSECUTION_REVIEW', 'constructor')).toThrow('没有 constructor 情形');
    expect(() => periodOf('PROSECUTION_REVIEW', '__proto__')).toThrow('没有 __proto__ 情形');
  });
  it('When an error type is "constructor", then it is not an error code', () => {
    expect(isErrorCode('constructor')).toBe(false);
    expect(isErrorCode('CONFLICT')).toBe(true);
  });
});

describe('isUuid', () => {
  it('When the id is 36 dashes or has a non-hex letter, then it is not a uuid', () => {
    expect(isUuid('-'.repeat(36))).toBe(false);
    expect(isUuid('g0000000-0000-4000-8000-000000000000')).toBe(false);
    expect(isUuid('00000000-0000-4000-8000-000000000000')).toBe(true);
  });
});

describe('toFailure for database errors', () => {
  const pgError = (code: string) =>
    Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00 张某 13800000000'), {
      code,
      severity: 'ERROR',
      detail: 'Key (id_number)=(532822198001010010) already exists.',
    });

  it.each([
    ['22021', 'VALIDATION_FAILED', 'a NUL in text'],
    ['22P05', 'VALIDATION_FAILED', 'an unsupported Unicode escape in jsonb'],
    ['22P02', 'VALIDATION_FAILED', 'an invalid uuid'],
    ['23514', 'VALIDATION_FAILED', 'a check constraint'],
    ['23505', 'CONFLICT', 'a unique violation'],
  ])('When Postgres answers %s (%s), then the failure is final as %s', (code, type) => {
    const f = toFailure(pgError(code));
    expect(f).toBeInstanceOf(ApplicationFailure);
    expect((f as ApplicationFailure).nonRetryable).toBe(true);
    expect((f as ApplicationFailure).type).toBe(type);
    // Neither the message nor the detail of the database (which quote personal data) is passed on.
    expect(JSON.stringify({ m: (f as Error).message, d: (f as ApplicationFailure).details })).not.toMatch(
      /张某|13800000000|532822198001010010/,
    );
  });

  it.each([['40001'], ['40P01'], ['08006'], ['57P01']])(
    'When Postgres answers %s (serialization, deadlock, connection), then it stays retryable',
    (code) => {
      const err = pgError(code);
      expect(toFailure(err)).toBe(err);
    },
  );
});

describe('maskPersonalData', () => {
  it('When identity, account and phone numbers sit anywhere in a payload, then each is masked and the rest kept', () => {
    expect(
      maskPersonalData({
        subjects: [{ name: '张某', idNumber: '532822198001010010' }],
        accountNo: '6228 4801 0000 1234',
        phone: '13800001234',
        amountFen: 100,
      }),
    ).toEqual({
      subjects: [{ name: '张某', idNumber: '532822********0010' }],
      accountNo: '尾号1234',
      phone: '138****1234',
      amountFen: 100,
    });
  });
});
