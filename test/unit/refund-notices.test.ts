// The pure parts of bulk 清退通知书: the facts a refund notice is rendered from (masking, exact amounts),
// and the batch document that prints many notices as one PDF. The database and Chromium parts are in
// test/integration/refund-notices.test.ts.
import { refundNoticeFacts } from '../../activities/notice.facts';
import { noticeEnvelope } from '../../activities/notice.service';
import { maskBankAccount } from '../../domain/identity';
import { DomainError } from '../../domain/errors';
import type { NoticeData } from '../../templates/notice-data';
import { composeBatch } from '../../templates/pdf';
import { createNoticeRenderer } from '../../templates/renderer';
import { inlineStylesheet } from '../../templates/stylesheet';
import { REFUND_ROUND, idNumberOf, recipientOf } from '../support/refunds';

const renderer = createNoticeRenderer();

const UNIT = {
  id: '532822-financial_office',
  regionCode: '532822',
  name: '勐海县人民政府金融工作办公室',
  daiName: null,
  role: 'financial_office' as const,
  docCode: '海金',
};

function refundNotice(i: number, overrides: Partial<ReturnType<typeof recipientOf>> = {}): NoticeData {
  const recipient = { ...recipientOf(i), ...overrides };
  return {
    ...noticeEnvelope({
      kind: 'refund_notice',
      docNo: `海金清通〔2031〕${i + 1}号`,
      issuer: UNIT,
      issuedOn: '2031-06-01',
      addressee: recipient.participantName,
      copyTo: [],
      case: {
        caseNo: '勐海打非〔2031〕1号',
        title: '勐海县某某生态茶叶专业合作社涉嫌非法吸收公众存款案',
        sectorLabel: '农民专业合作社',
        regionName: '勐海县',
        subjects: [{ kindLabel: '法人', name: '勐海县某某生态茶叶专业合作社' }],
      },
      legalBasis: '《防范和处置非法集资条例》第二十五条',
    }),
    facts: refundNoticeFacts(REFUND_ROUND, recipient),
  } as NoticeData;
}

describe('refund notice facts', () => {
  it('When a participant is notified, then only the masked identity and account numbers reach the data and the HTML', () => {
    const id = idNumberOf(7);
    const data = refundNotice(7, { idNumber: id, bankAccountNo: '6228 4801 2345 6789' });
    const { html } = renderer.render(data);

    const masked = `${id.slice(0, 6)}********${id.slice(-4)}`;
    expect(data.facts).toMatchObject({ idNumberMasked: masked, bankAccountMasked: '尾号6789' });
    expect(html).toContain(`居民身份证号码：${masked}`);
    expect(html).toContain('本人银行账户（尾号6789）');
    for (const text of [JSON.stringify(data), html]) {
      expect(text).not.toContain(id);
      expect(text).not.toContain(id.slice(6, 14)); // the birth date
      expect(text).not.toContain('62284801');
    }
  });

  it('When an identity number is typed with a lower-case x and spaces, then it is masked as normalised', () => {
    const data = refundNotice(1, { idNumber: ' 11010519491231002x ' });
    expect((data.facts as { idNumberMasked: string }).idNumberMasked).toBe('110105********002X');
  });

  it('When amounts are printed, then they are exact to the 分 with thousands separators', () => {
    const { html } = renderer.render(refundNotice(0, { claimFen: 1_234_567_801, payFen: '289506149' }));
    expect(html).toContain('本轮清退基数为人民币12,345,678.01元');
    expect(html).toContain('应获清退款人民币2,895,061.49元');
    expect(html).toContain('第一轮清退');
  });

  it('When a participant has no bank account on file, then the notice names none', () => {
    const { html } = renderer.render(refundNotice(0, { bankAccountNo: null }));
    expect(html).toContain('转入你登记的本人银行账户。');
  });

  it('When the name or the identity number is missing, then it is refused with the failing fields', () => {
    const attempt = () => refundNotice(0, { participantName: ' ', idNumber: '' });
    expect(attempt).toThrow(DomainError);
    expect(attempt).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        errors: [
          { field: '/participantName', message: '缺少姓名' },
          { field: '/idNumber', message: '缺少居民身份证号码' },
        ],
      }),
    );
  });

  it('When a deceased participant’s heir is paid, then the notice states the participant’s claim and names the heir and their account, masked', () => {
    const heir = idNumberOf(9_001);
    const recipient = {
      ...recipientOf(3),
      bankAccountNo: '6217 0000 1111 2222',
      payee: { name: '岩某4之女', idNumber: heir },
    };
    const data = refundNotice(3, recipient);
    const { html } = renderer.render(data);
    const masked = `${heir.slice(0, 6)}********${heir.slice(-4)}`;
    expect(data.facts).toMatchObject({
      participantName: '岩某4',
      payee: { name: '岩某4之女', idNumberMasked: masked },
      bankAccountMasked: '尾号2222',
    });
    expect(html).toContain('集资参与人岩某4（居民身份证号码：');
    expect(html).toContain(`由你（居民身份证号码：${masked}）作为继承人或继承人代表人领取`);
    expect(html).toContain('转入你提供的本人银行账户（尾号2222）');
    expect(html).not.toContain('你登记的本人银行账户');
    for (const text of [JSON.stringify(data), html]) {
      expect(text).not.toContain(heir);
      expect(text).not.toContain('621700001111');
    }
    expect(() => refundNotice(3, { ...recipient, payee: { name: '', idNumber: heir } })).toThrow(
      expect.objectContaining({ errors: [{ field: '/payee', message: '缺少收款人的姓名或身份证号码' }] }),
    );
  });

  it('When an amount is not integer 分, then the strict render refuses the notice', () => {
    expect(() => renderer.render(refundNotice(0, { payFen: -1 }))).toThrow(/金额不能为负数/);
    expect(() => renderer.render(refundNotice(0, { payFen: 12.5 }))).toThrow(/以分为单位/);
  });
});

describe('maskBankAccount', () => {
  it.each([
    ['6228 4801 2345 6789', '尾号6789'],
    ['6228-4801-2345-678X', '尾号678X'],
    ['123', '***'],
  ])('When %p is masked, then it reads %p', (account, expected) => {
    expect(maskBankAccount(account)).toBe(expected);
  });
});

describe('a batch of notices for one PDF', () => {
  // As they are served and printed: with the archived stylesheet inlined in place of its reference.
  const htmls = [0, 1, 2].map((i) =>
    inlineStylesheet(renderer.render(refundNotice(i)).html, renderer.stylesheet),
  );

  it('When notices are composed, then each is kept whole in a named page of its own, numbered by its own counter', () => {
    const doc = composeBatch(htmls);
    for (const [i, html] of htmls.entries()) {
      const main = /<main[\s\S]*<\/main>/.exec(html)![0];
      expect(doc).toContain(`<div data-batch-notice class="batch-notice-${i}">\n${main}\n</div>`);
      expect(doc).toContain(`.batch-notice-${i} { page: notice-${i}; }`);
      expect(doc).toContain(`@page notice-${i} { counter-increment: notice-${i}; }`);
      expect(doc).toContain(
        `@page notice-${i}:right { @bottom-right { content: '— ' counter(notice-${i}) ' —'; } }`,
      );
    }
    expect(doc.match(/<style>/g)).toHaveLength(1);
    expect(doc.match(/<main /g)).toHaveLength(3);
  });

  it('When a document that is not a notice of the same print CSS is among them, then the batch is refused', () => {
    expect(() => composeBatch([htmls[0], '<p>not a notice</p>'])).toThrow(/notice 2 of the batch/);
    expect(() => composeBatch([htmls[0], htmls[1].replace('<style>', '<style>p{}')])).toThrow(/notice 2/);
    expect(() => composeBatch([])).toThrow(/nothing to print/);
  });

  it('When a notice among them only references its stylesheet, then the batch is refused rather than printed without its layout', () => {
    const stored = renderer.render(refundNotice(1)).html;
    expect(() => composeBatch([htmls[0], stored])).toThrow(
      /notice 2 only references its stylesheet .*: inline the archived stylesheet/,
    );
  });
});
