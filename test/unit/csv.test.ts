import fc from 'fast-check';
import { CsvError, CsvReader, csvLine } from '../../domain/csv';

const readAll = (text: string, cuts: number[] = []) => {
  const r = new CsvReader();
  const out = [];
  let at = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    out.push(...r.push(text.slice(at, c)));
    at = c;
  }
  out.push(...r.push(text.slice(at)), ...r.end());
  return out;
};

describe('CsvReader', () => {
  it('When lines are plain, then each is split on commas with its line number', () => {
    expect(readAll('a,b\r\n1,2\n\n3,\n')).toEqual([
      { lineNo: 1, fields: ['a', 'b'] },
      { lineNo: 2, fields: ['1', '2'] },
      { lineNo: 4, fields: ['3', ''] },
    ]);
  });

  it('When a field is quoted, then commas, quotes and line breaks inside it are data', () => {
    expect(readAll('name,note\n"岩, 某","说""好""\n的"\nx,y')).toEqual([
      { lineNo: 1, fields: ['name', 'note'] },
      { lineNo: 2, fields: ['岩, 某', '说"好"\n的'] },
      { lineNo: 4, fields: ['x', 'y'] },
    ]);
  });

  it('When a quote is left open or stray, then the file is refused with the line', () => {
    expect(() => readAll('a\n"open,1\n')).toThrow(CsvError);
    expect(() => readAll('a\nx"y\n')).toThrow(/第2行/);
    expect(() => readAll('a\n"x"y\n')).toThrow(/第2行/);
  });

  it('When any records are written and read back in any chunks, then they come back exactly', () => {
    const field = fc.oneof(fc.string(), fc.constantFrom('', ',', '"', '\n', '\r\n', '岩某', 'a"b'));
    const records = fc.array(
      fc.array(field, { minLength: 1, maxLength: 5 }).filter((f) => !(f.length === 1 && f[0] === '')),
      { maxLength: 20 },
    );
    fc.assert(
      fc.property(
        records.chain((rs) => {
          const text = rs.map((r) => csvLine(r)).join('');
          return fc.tuple(
            fc.constant(rs),
            fc.constant(text),
            fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 6 }),
          );
        }),
        ([rs, text, cuts]) => {
          expect(readAll(text, cuts).map((r) => r.fields)).toEqual(rs);
        },
      ),
      { numRuns: 500 },
    );
  });
});
