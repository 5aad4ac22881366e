import { maskPersonalData } from '../../domain/personal-data';
import {
  creditCodeCheckChar,
  idNumberCheckChar,
  isValidCreditCode,
  isValidIdNumber,
  maskCertificateNo,
  maskIdNumber,
  normalizeIdentityCode,
} from '../../domain/identity';

// Expected check characters were computed independently of domain/identity.ts; the named companies'
// codes are their published ones, so the algorithm is checked against real data, not only itself.
describe('isValidCreditCode', () => {
  it.each([
    ['91532822MA6K000146', 'the API.md example'],
    ['914403001922038216', '华为技术有限公司'],
    ['91330100716105852F', 'a code whose check character is a letter'],
    ['9144030071526726XG', 'a code with letters in the organisation part'],
    ['91532822MA6K000159', 'a generated 勐海 code'],
    ['91532822MA6K00016C', 'a generated 勐海 code with a letter check'],
    ['12532822015123456U', 'a generated public-institution code'],
    ['52532822MJ00000017', 'a generated social-organisation code'],
    ['Y1532822MA00000AB9', "a generated code of the 'other' registration authority"],
  ])('When the code is %s (%s), then it is valid', (code) => {
    expect(isValidCreditCode(code)).toBe(true);
  });

  it.each<[unknown, string]>([
    ['91532822MA6K000147', 'a wrong check character'],
    ['91532822MA6K00014', '17 characters'],
    ['91532822MA6K0001466', '19 characters'],
    ['91532822ma6k000146', 'lower case'],
    ['91532822MI6K000146', 'the excluded letter I'],
    ['91532822MO6K000146', 'the excluded letter O'],
    ['91532822MS6K000146', 'the excluded letter S'],
    ['91532822MV6K000146', 'the excluded letter V'],
    ['91532822MZ6K000146', 'the excluded letter Z'],
    ['915328A2MA6K00014' + creditCodeCheckChar('915328A2MA6K00014'), 'a letter in the division code'],
    [' 91532822MA6K000146', 'a leading space'],
    ['', 'an empty string'],
    [91532822, 'a number'],
    [null, 'null'],
  ])('When the code is %p (%s), then it is invalid', (code) => {
    expect(isValidCreditCode(code)).toBe(false);
  });

  it('When the sum is a multiple of 31, then the check character is 0', () => {
    // 31 - 0 = 31 wraps to 0 (GB 32100-2015 §5.2.3).
    expect(creditCodeCheckChar('00000000000000000')).toBe('0');
    expect(isValidCreditCode('000000000000000000')).toBe(true);
  });

  it('When the first 17 characters are not of the alphabet, then no check character exists', () => {
    expect(creditCodeCheckChar('91532822MA6K0001I')).toBeUndefined();
    expect(creditCodeCheckChar('915')).toBeUndefined();
  });
});

describe('isValidIdNumber', () => {
  it.each([
    ['532822198001010010', 'the API.md example'],
    ['11010519491231002X', 'the GB 11643 example with an X check'],
    ['440524188001010014', 'the GB 11643 example born in 1880'],
    ['532822198001010029', 'a generated number'],
    ['532822200002290018', 'a generated number born on 2000-02-29'],
    ['532822202402291238', 'a generated number born on 2024-02-29'],
    ['532822199001010007', 'a generated number with check 7'],
  ])('When the number is %s (%s), then it is valid', (id) => {
    expect(isValidIdNumber(id)).toBe(true);
  });

  it.each<[unknown, string]>([
    ['532822198001010011', 'a wrong check digit'],
    ['11010519491231002x', 'a lower-case x'],
    ['53282219800230001X', 'a correct check on 1980-02-30'],
    ['532822190002290011', 'a 1900-02-29 birth date (not a leap year)'],
    ['532822198013010018', 'month 13'],
    ['532822179912310010', 'a birth year before 1800'],
    ['53282219800101001', '17 characters'],
    ['5328221980010100100', '19 characters'],
    ['532822800101001', 'a first-generation 15-digit number'],
    ['53282219800101001A', 'a letter other than X'],
    ['', 'an empty string'],
    [532822198001, 'a number'],
  ])('When the number is %p (%s), then it is invalid', (id) => {
    expect(isValidIdNumber(id)).toBe(false);
  });

  it('When the first 17 characters are digits, then the check character follows the 10X98765432 map', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(idNumberCheckChar('53282219800101001')).toBe('0');
    expect(idNumberCheckChar('5328221980010100A')).toBeUndefined();
  });

  it('When a typed number has spaces and a lower-case x, then normalising makes it valid', () => {
    expect(isValidIdNumber(normalizeIdentityCode(' 11010519491231002x '))).toBe(true);
    expect(isValidCreditCode(normalizeIdentityCode('91532822ma6k000146'))).toBe(true);
  });
});

describe('maskIdNumber', () => {
  it.each([
    ['532822198001010010', '532822********0010'],
    ['11010519491231002X', '110105********002X'],
    ['532822800101001', '532822*****1001'],
    ['1234567890', '**********'],
    ['', ''],
  ])('When %p is masked, then it reads %p', (id, expected) => {
    expect(maskIdNumber(id)).toBe(expected);
  });
});

describe('maskCertificateNo (协助查封通知书, docs/decisions/0024)', () => {
  it.each([
    ['云（2025）勐海县不动产权第0001234号', '云（2025）勐海县不动产权第***1234号'],
    ['勐房权证字第1234号', '勐房权证字第***4号'],
    ['第7号', '第*号'],
    ['无号', '**'],
  ])('When %p is masked, then only the serial is hidden: %p', (no, expected) => {
    expect(maskCertificateNo(no)).toBe(expected);
  });
});

describe('personal data in recorded payloads', () => {
  test('When a payload carries identity numbers, accounts and phones at any depth, then each is masked and nothing else changes', () => {
    const masked = maskPersonalData({
      title: '某案',
      subjects: [{ kind: 'actual_controller', name: '张某', idNumber: '532822198001010010' }],
      accountNo: '6228 4800 0000 0001 234',
      phone: '13812345678',
      amountFen: 100,
    });
    expect(masked).toEqual({
      title: '某案',
      subjects: [{ kind: 'actual_controller', name: '张某', idNumber: '532822********0010' }],
      accountNo: '尾号1234',
      phone: '138****5678',
      amountFen: 100,
    });
  });
});
