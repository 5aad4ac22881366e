import { DomainError } from '../../domain/errors';
import {
  NOTICE_KIND_CODES,
  NOTICE_KINDS,
  chineseNumeral,
  docWordOf,
  formatChineseDate,
  issuerRegionOf,
  legalBasisOf,
  noticeTitleOf,
  refuseCorrection,
  formatDocNo,
  formatFenAsYuan,
  formatRatio,
  isNoticeKind,
  parseDocNo,
} from '../../domain/notices';

describe('notice catalogue', () => {
  it('when listed, then it holds every notice of DOMAIN.md with a Chinese title and a template', () => {
    expect(NOTICE_KIND_CODES).toHaveLength(31);
    for (const kind of NOTICE_KIND_CODES) {
      const info = NOTICE_KINDS[kind];
      expect(info.title).toMatch(/[\u4e00-\u9fff]/);
      expect(info.template).toBe(kind);
      expect(info.docWord).toMatch(/^[\u4e00-\u9fff]+$/);
    }
  });

  it('when two kinds share an issuer, then their document words differ, so their numbers cannot collide', () => {
    const seen = new Map<string, string>();
    for (const kind of NOTICE_KIND_CODES) {
      const { issuerRole, docWord, secondInstanceDocWord } = NOTICE_KINDS[kind];
      for (const word of [docWord, ...(secondInstanceDocWord ? [secondInstanceDocWord] : [])]) {
        const key = `${issuerRole}/${word}`;
        expect(seen.get(key)).toBeUndefined();
        seen.set(key, kind);
      }
    }
  });

  it('when a judgment is of the second instance, then it is numbered 刑终; every other notice keeps its word', () => {
    expect(docWordOf('judgment', { instance: 1 })).toBe('刑初');
    expect(docWordOf('judgment', { instance: 2 })).toBe('刑终');
    expect(docWordOf('judgment')).toBe('刑初');
    expect(docWordOf('filing_decision', { instance: 2 })).toBe('立');
    for (const kind of NOTICE_KIND_CODES) expect(docWordOf(kind)).toBe(NOTICE_KINDS[kind].docWord);
  });

  it('when a kind decides something, then it names its legal basis; only the correction borrows one', () => {
    for (const kind of NOTICE_KIND_CODES) {
      if (kind === 'correction') expect(NOTICE_KINDS[kind].legalBasis).toBeNull();
      else expect(NOTICE_KINDS[kind].legalBasis).toMatch(/《.+》.*第.+[条项]/);
    }
    expect(NOTICE_KINDS.correction.issuerFollowsCorrected).toBe(true);
  });

  it('when the second instance upholds the first, then it is a 裁定书; when it amends it, a 判决书 (刑诉法 art.236)', () => {
    expect(noticeTitleOf('judgment', { instance: 2, outcome: 'upheld' })).toBe('刑事裁定书');
    expect(noticeTitleOf('judgment', { instance: 2, outcome: 'amended' })).toBe('刑事判决书');
    expect(noticeTitleOf('judgment', { instance: 1, outcome: null })).toBe(NOTICE_KINDS.judgment.title);
    expect(legalBasisOf('judgment', { instance: 2, outcome: 'upheld' })).toMatch(
      /^《中华人民共和国刑事诉讼法》第二百三十六条第一款第（一）项和/,
    );
    expect(legalBasisOf('judgment', { instance: 2, outcome: 'amended' })).toMatch(
      /^《中华人民共和国刑事诉讼法》第二百三十六条第一款和/,
    );
    expect(legalBasisOf('judgment', { instance: 1 })).toBe(NOTICE_KINDS.judgment.legalBasis);
    // Not a judgment: the facts decide nothing.
    expect(noticeTitleOf('filing_decision', { instance: 2, outcome: 'upheld' })).toBe('立案决定书');
  });

  it('when a judgment is of the second instance, then the court of the parent region issues it (刑诉法 art.227)', () => {
    expect(issuerRegionOf('judgment', { instance: 2 }, '532822')).toBe('532800');
    expect(issuerRegionOf('judgment', { instance: 2 }, '532800')).toBe('530000');
    expect(issuerRegionOf('judgment', { instance: 1 }, '532822')).toBe('532822');
    expect(issuerRegionOf('filing_decision', { instance: 2 }, '532822')).toBe('532822');
    expect(() => issuerRegionOf('judgment', { instance: 2 }, '999999')).toThrow(DomainError);
  });

  it('when a correction is asked for, then only the issuing unit may, and only for a notice of the case', () => {
    const notice = { caseId: 'c1', issuingUnitId: '532822-police', issuingUnitName: '勐海县公安局' };
    const police = { unitId: '532822-police' };
    expect(refuseCorrection(police, 'c1', notice)).toBeNull();
    expect(refuseCorrection({ unitId: '532822-financial_office' }, 'c1', notice)).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('勐海县公安局'),
    });
    for (const other of [null, { ...notice, caseId: 'c2' }]) {
      expect(refuseCorrection(police, 'c1', other)).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [{ field: '/noticeId', message: expect.any(String) }],
      });
    }
  });

  it('when a code is checked, then only catalogue codes pass', () => {
    expect(isNoticeKind('freeze_assist')).toBe(true);
    expect(isNoticeKind('toString')).toBe(false);
    expect(isNoticeKind(undefined)).toBe(false);
  });
});

describe('document numbers (发文字号)', () => {
  it('when formatted, then it is 代字〔年份〕序号号 without leading zeros', () => {
    expect(formatDocNo('海公立', 2026, 12)).toBe('海公立〔2026〕12号');
    expect(formatDocNo('海公立', 2026, 1)).toBe('海公立〔2026〕1号');
    expect(formatDocNo('海公（经）立', 2026, 3)).toBe('海公（经）立〔2026〕3号');
    expect(formatDocNo('海打非预警', 2026, Number.MAX_SAFE_INTEGER)).toBe(
      `海打非预警〔2026〕${Number.MAX_SAFE_INTEGER}号`,
    );
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1])(
    'when the sequence is %p, then formatting is refused',
    (seq) => {
      expect(() => formatDocNo('海公立', 2026, seq)).toThrow(DomainError);
    },
  );

  it.each([
    ['', 2026],
    ['海公 立', 2026],
    ['海公立〔', 2026],
    ['海公(经)立', 2026],
    ['海公立第', 2026],
    ['海公立', 26],
    ['海公立', 20261],
    ['海公立', 2026.5],
  ])('when the code is %p and the year %p, then formatting is refused', (code, year) => {
    expect(() => formatDocNo(code, year, 1)).toThrow(/VALIDATION|无效/);
  });

  it('when parsed, then it is the inverse of formatting', () => {
    expect(parseDocNo('海公立〔2026〕12号')).toEqual({ code: '海公立', year: 2026, seq: 12 });
    expect(parseDocNo('海公（经）立〔2026〕3号')).toEqual({ code: '海公（经）立', year: 2026, seq: 3 });
    for (const [code, year, seq] of [
      ['海政办发', 2016, 70],
      ['海打非通报', 2026, 1],
    ] as const)
      expect(parseDocNo(formatDocNo(code, year, seq))).toEqual({ code, year, seq });
  });

  it.each([
    '海公立〔2026〕012号', // leading zero
    '海公立〔2026〕0号',
    '海公立[2026]12号', // ASCII brackets
    '海公立（2026）12号', // round brackets are the courts' 案号 style, not a 发文字号
    '海公立〔26〕12号',
    '海公立〔2026〕第12号',
    '海公立〔2026〕12',
    '〔2026〕12号',
    ' 海公立〔2026〕12号',
    `海公立〔2026〕${'9'.repeat(17)}号`,
  ])('when %p is parsed, then it is rejected', (docNo) => {
    expect(parseDocNo(docNo)).toBeNull();
  });
});

describe('money (元, exact to the 分)', () => {
  it.each([
    [0, '0.00元'],
    [1, '0.01元'],
    [99, '0.99元'],
    [100, '1.00元'],
    [101, '1.01元'],
    [100000, '1,000.00元'],
    [99999999, '999,999.99元'],
    [12345678901, '123,456,789.01元'],
    [1200000000, '12,000,000.00元'],
  ])('when %p 分 is printed, then it reads %p', (fen, text) => {
    expect(formatFenAsYuan(fen)).toBe(text);
    expect(formatFenAsYuan(BigInt(fen))).toBe(text);
    expect(formatFenAsYuan(String(fen))).toBe(text);
  });

  it('when the amount is beyond 2^53, then a bigint or digit string stays exact', () => {
    expect(formatFenAsYuan(12345678901234567890n)).toBe('123,456,789,012,345,678.90元');
    expect(formatFenAsYuan('10000000000000')).toBe('100,000,000,000.00元');
  });

  it.each([-1, -1n, '-1', 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2, '', '12.00', '1e3', ' 1'])(
    'when %p is printed, then it is refused',
    (fen) => {
      expect(() => formatFenAsYuan(fen as number)).toThrow(DomainError);
    },
  );

  it('when a share is printed, then it is rounded down to 0.01% and never above 100%', () => {
    expect(formatRatio(360000000, '1180000000')).toBe('30.50%');
    expect(formatRatio(1, 3)).toBe('33.33%');
    expect(formatRatio(2, 3)).toBe('66.66%');
    expect(formatRatio(0, 5)).toBe('0.00%');
    expect(formatRatio(7, 5)).toBe('100.00%');
    expect(() => formatRatio(1, 0)).toThrow(DomainError);
  });
});

describe('dates (成文日期)', () => {
  it.each([
    ['2026-03-02', '2026年3月2日'],
    ['2016-06-07', '2016年6月7日'],
    ['2026-12-31', '2026年12月31日'],
    ['2024-02-29', '2024年2月29日'],
    ['2026-10-01', '2026年10月1日'],
  ])('when %p is printed, then it reads %p, without leading zeros', (date, text) => {
    expect(formatChineseDate(date)).toBe(text);
  });

  it.each(['2025-02-29', '2026-13-01', '2026-00-10', '2026-3-2', '2026/03/02', '', '2026-03-02T00:00:00Z'])(
    'when %p is printed, then it is refused',
    (date) => {
      expect(() => formatChineseDate(date)).toThrow(DomainError);
    },
  );
});

describe('Chinese numerals (序号)', () => {
  it.each([
    [1, '一'],
    [2, '二'],
    [10, '十'],
    [11, '十一'],
    [20, '二十'],
    [21, '二十一'],
    [99, '九十九'],
  ])('when %p is written, then it reads %p', (n, text) => {
    expect(chineseNumeral(n)).toBe(text);
  });

  it.each([0, -1, 100, 1.5])('when %p is written, then it is refused', (n) => {
    expect(() => chineseNumeral(n)).toThrow(DomainError);
  });
});
