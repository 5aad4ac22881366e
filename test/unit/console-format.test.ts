// The console's display rules, which are pure: money in 元 with the 分 exact (integer arithmetic only),
// Chinese dates read in Asia/Shanghai, days left, and the API's field errors placed on form fields.
import { daysLeft, daysLeftText, formatDate, formatDateTime, formatFen } from '../../console/src/lib/format';
import {
  errorSchemaOf,
  formSchemaOf,
  requireFields,
  uiSchemaOf,
  withoutFields,
} from '../../console/src/lib/schema-form';
import { actionSpec } from '../../domain/catalogue';

describe('formatFen', () => {
  test('When an amount in 分 is shown, then 元 are grouped by thousands and the 分 are exact', () => {
    expect(formatFen(1_234_567)).toBe('12,345.67 元');
    expect(formatFen(5)).toBe('0.05 元');
    expect(formatFen(0)).toBe('0.00 元');
    expect(formatFen(-150)).toBe('-1.50 元');
  });

  test('When the amount is beyond what a float holds exactly, then every 分 is still shown', () => {
    // 2^53 + 1 分 cannot be a JavaScript number; as a decimal string (bigint column) it stays exact.
    expect(formatFen('9007199254740993')).toBe('90,071,992,547,409.93 元');
    expect(formatFen(Number.MAX_SAFE_INTEGER)).toBe('90,071,992,547,409.91 元');
    // Where floating point would go wrong: 0.1 + 0.2 元.
    expect(formatFen(10 + 20)).toBe('0.30 元');
  });

  test('When there is no amount or it is not a whole number of 分, then a dash is shown', () => {
    expect(formatFen(null)).toBe('—');
    expect(formatFen(undefined)).toBe('—');
    expect(formatFen('12.5')).toBe('—');
  });
});

describe('formatDate', () => {
  test('When a date is shown, then it reads as Chinese usage expects', () => {
    expect(formatDate('2026-03-02')).toBe('2026年3月2日');
    expect(formatDate('2025-10-09')).toBe('2025年10月9日');
  });

  test('When an instant is shown, then its date and time are those of Asia/Shanghai', () => {
    // 16:30 UTC on 1 March is 00:30 on 2 March in Shanghai.
    expect(formatDate('2026-03-01T16:30:00Z')).toBe('2026年3月2日');
    expect(formatDateTime('2026-03-01T16:30:00Z')).toBe('2026年3月2日 00:30');
    expect(formatDate(null)).toBe('—');
  });
});

describe('daysLeft', () => {
  test('When a deadline is due, then the days left are calendar days from today, negative once overdue', () => {
    expect(daysLeft('2026-03-12', '2026-03-02')).toBe(10);
    expect(daysLeft('2026-03-02', '2026-03-02')).toBe(0);
    expect(daysLeft('2026-02-27', '2026-03-02')).toBe(-3);
    // Across a month end in a leap year.
    expect(daysLeft('2028-03-01', '2028-02-28')).toBe(2);
    expect(daysLeftText('2026-02-27', '2026-03-02')).toBe('已逾期 3 天');
    expect(daysLeftText('2026-03-02', '2026-03-02')).toBe('今日到期');
    expect(daysLeftText('2026-03-12', '2026-03-02')).toBe('剩余 10 天');
  });
});

describe('action forms', () => {
  test('When the API names failing fields by JSON pointer, then each error lands on its field', () => {
    expect(
      errorSchemaOf([
        { field: '/findings', message: '不能为空' },
        { field: '/propertyOrders/0/amountFen', message: '应为整数' },
        { field: '/', message: '整体无效' },
      ]),
    ).toEqual({
      findings: { __errors: ['不能为空'] },
      propertyOrders: { 0: { amountFen: { __errors: ['应为整数'] } } },
      __errors: ['整体无效'],
    });
  });

  test('When a payload schema is turned into a form, then OpenAPI-only keywords go and fields get Chinese labels', () => {
    const schema = formSchemaOf({
      type: 'object',
      'x-roles': ['police'],
      properties: {
        note: { type: 'string', nullable: true },
        assetKind: { type: 'string', enum: ['deposit', 'securities'] },
        amountFen: { type: 'integer' },
      },
    });
    expect(JSON.stringify(schema)).not.toMatch(/nullable|x-roles/);
    const ui = uiSchemaOf(schema);
    expect(ui.note).toMatchObject({ 'ui:title': '备注' });
    expect(ui.assetKind).toMatchObject({ 'ui:widget': 'radio', 'ui:enumNames': ['存款', '证券'] });
    expect(ui.amountFen['ui:help']).toMatch(/分/);
  });

  test('When a row decides the participant and the region of a hold, then the form asks only for the rest, and the reasons in words', () => {
    const schema = withoutFields(formSchemaOf(actionSpec('hold_claim').payloadSchema), [
      'participantIds',
      'regionCode',
    ]);
    expect(Object.keys(schema.properties ?? {}).sort()).toEqual(['basis', 'note', 'occurredAt', 'reason']);
    expect([...(schema.required ?? [])].sort()).toEqual(['basis', 'reason']);
    expect(uiSchemaOf(schema).reason).toMatchObject({
      'ui:widget': 'radio',
      'ui:enumNames': ['平台账册有记录、未登记（提存）', '已故，待继承人证明继承权'],
    });
    const release = withoutFields(formSchemaOf(actionSpec('release_claim_hold').payloadSchema), [
      'participantId',
    ]);
    expect(release.required).toEqual(['evidence']);
    // Nothing decided: the schema is the catalogue's.
    const whole = formSchemaOf(actionSpec('hold_claim').payloadSchema);
    expect(withoutFields(whole, [])).toBe(whole);
  });

  test('When an heirs’ hold is released, then the payee is asked as required and its fields read as the heir’s, while other forms keep their labels for the same names', () => {
    const release = withoutFields(formSchemaOf(actionSpec('release_claim_hold').payloadSchema), [
      'participantId',
    ]);
    const heirs = requireFields(release, ['payee']);
    expect(heirs.required).toEqual(['evidence', 'payee']);
    // Required only if the schema has the field, and never twice.
    expect(requireFields(heirs, ['payee', 'nothing']).required).toEqual(['evidence', 'payee']);
    const ui = uiSchemaOf(heirs);
    expect(ui.payee['ui:title']).toBe('收款人（继承人或继承人代表人）');
    expect(
      Object.fromEntries(
        ['name', 'idNumber', 'bankName', 'bankAccount'].map((k) => [k, ui.payee[k]['ui:title']]),
      ),
    ).toEqual({
      name: '收款人姓名',
      idNumber: '收款人身份证号码',
      bankName: '收款人开户银行',
      bankAccount: '收款人本人银行账号',
    });
    expect(ui.payee.bankAccount['ui:help']).toMatch(/不再付入已故集资参与人的账户/);
    // 提存: the participant is paid on their own record, so the payee is not offered at all.
    expect(Object.keys(withoutFields(release, ['payee']).properties ?? {})).not.toContain('payee');
    // The same names elsewhere: a subject's and a suspect's name, a subject's identity number.
    const subjects = uiSchemaOf(formSchemaOf(actionSpec('add_subjects').payloadSchema)).subjects.items;
    expect(subjects.name['ui:title']).toBe('名称');
    expect(subjects.idNumber['ui:title']).toBe('身份证号');
    expect(subjects.kind['ui:enumNames']).toContain('法人');
    const suspect = uiSchemaOf(formSchemaOf(actionSpec('register_suspect').payloadSchema));
    expect(suspect.name['ui:title']).toBe('名称');
  });
});
