// Prints a long notice through the real headless Chromium and reads the PDF back with poppler, as a
// person checking the page layout would: page count, page numbers alternating sides, Chinese text that
// extracts, and the 版记 on the last line of the last page.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NoticeData } from '../../templates/notice-data';
import { createPdfRenderer, type PdfRenderer } from '../../templates/pdf';
import { createNoticeRenderer, type NoticeRenderer } from '../../templates/renderer';
import { inlineStylesheet } from '../../templates/stylesheet';

const CHROMIUM = '/usr/bin/chromium';
const SETUP_HINT =
  'run `npm run setup:pdf` (scripts/install-pdf-deps.sh, as root) to install chromium, fonts and poppler-utils';

function requireTools(): void {
  const missing = [CHROMIUM, '/usr/bin/pdfinfo', '/usr/bin/pdftotext'].filter((p) => !existsSync(p));
  // Deliberately a failure, not a skip: a machine that cannot print notices must not pass quietly.
  if (missing.length > 0) throw new Error(`PDF tools missing (${missing.join(', ')}): ${SETUP_HINT}`);
}

/** A notice as it is printed: rendered, its stylesheet inlined as every output does (0008). */
const printable = (renderer: NoticeRenderer, data: NoticeData) =>
  inlineStylesheet(renderer.render(data).html, renderer.stylesheet);

const DAI_NAME = 'ᦵᦙᦲᧂᦠᦱᧆ ᦶᦅᧁᦈᦹᧃ';

function longBulletin(items: number): NoticeData {
  return {
    kind: 'progress_bulletin',
    docNo: '海打非通报〔2026〕3号',
    issuingUnit: { name: '勐海县打击和处置非法集资工作领导小组办公室', daiName: DAI_NAME },
    issuedOn: '2026-05-06',
    addressee: '各涉案地区防范和处置非法集资牵头部门',
    copyTo: [
      '勐海县人民政府',
      '西双版纳州打击和处置非法集资工作领导小组办公室',
      '勐海县公安局',
      '勐海县人民检察院',
    ],
    printedBy: '勐海县打击和处置非法集资工作领导小组办公室',
    case: {
      caseNo: '勐海打非〔2026〕7号',
      title: '勐海县某某生态茶叶专业合作社涉嫌非法吸收公众存款案',
      sectorLabel: '农民专业合作社',
      regionName: '勐海县',
      subjects: [{ kindLabel: '法人', name: '勐海县某某生态茶叶专业合作社' }],
    },
    legalBasis: '《勐海县进一步做好防范和处置非法集资工作实施方案》（海政办发〔2016〕70号）第（十三）项',
    attachments: ['各地区集资参与人登记汇总表', '涉案资产清单'],
    facts: {
      number: 3,
      periodFrom: '2026-04-01',
      periodTo: '2026-04-30',
      progress: Array.from(
        { length: items },
        (_, i) =>
          `第${i + 1}项：本期各成员单位按照职责分工，扎实推进涉案资产查控、集资参与人登记核对和信访维稳等工作，做到底数清、情况明，确保案件处置依法有序推进。`,
      ),
      regions: [
        { name: '勐海县', roleLabel: '牵头地区', stageLabel: '已移送审查起诉', note: null },
        { name: '景洪市', roleLabel: '协办地区', stageLabel: '侦查中', note: '已登记本地集资参与人56人。' },
      ],
      frozenFen: 368000000,
      participantsRegistered: 412,
      nextSteps: ['加快涉案车辆评估拍卖', '组织各地区核对集资参与人登记信息'],
    },
  };
}

interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
}

/** Words of one page with their boxes (points, origin top left), from pdftotext -bbox. */
function wordsOf(file: string, page: number): Word[] {
  const xhtml = execFileSync('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), file, '-'], {
    encoding: 'utf8',
  });
  return [
    ...xhtml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g),
  ].map((m) => ({ xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), text: m[4] }));
}

const pageText = (file: string, page: number) =>
  execFileSync('pdftotext', ['-layout', '-f', String(page), '-l', String(page), file, '-'], {
    encoding: 'utf8',
  });

const rows = (words: Word[]) => [...new Set(words.map((w) => Math.round(w.yMin)))].sort((a, b) => a - b);

describe('notice PDF', () => {
  let pdf: PdfRenderer;
  let dir: string;
  let file: string;
  let pages: number;
  const A4_WIDTH_PT = 595.28;

  beforeAll(async () => {
    requireTools();
    dir = mkdtempSync(path.join(tmpdir(), 'notice-pdf-'));
    file = path.join(dir, 'bulletin.pdf');
    pdf = createPdfRenderer({ executablePath: CHROMIUM });
    const bytes = await pdf.renderPdf(printable(createNoticeRenderer(), longBulletin(24)));
    writeFileSync(file, bytes);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  });

  afterAll(async () => {
    await pdf?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('when a long notice is printed, then it is A4 and runs to three pages or more', () => {
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const [width, height] = (/Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info) ?? []).slice(1).map(Number);
    // 210 × 297 mm is 595.28 × 841.89 pt; Chromium rounds the page box to whole CSS pixels.
    expect(Math.abs(width - 595.28)).toBeLessThan(1);
    expect(Math.abs(height - 841.89)).toBeLessThan(1);
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it('when read back, then every page carries its number as "— n —"', () => {
    for (let n = 1; n <= pages; n++) expect(pageText(file, n).replace(/\s+/g, '')).toContain(`—${n}—`);
  });

  it('when read back, then odd page numbers sit on the right and even ones on the left', () => {
    for (let n = 1; n <= pages; n++) {
      const number = wordsOf(file, n).find((w) => /^—?\d+—?$/.test(w.text) || w.text === '—');
      expect(number).toBeDefined();
      if (n % 2 === 1) expect(number!.xMin).toBeGreaterThan(A4_WIDTH_PT / 2);
      else expect(number!.xMax).toBeLessThan(A4_WIDTH_PT / 2);
    }
  });

  it('when read back, then the Chinese text extracts: masthead, number, title, body and signature', () => {
    const first = pageText(file, 1).replace(/\s+/g, '');
    expect(first).toContain('勐海县打击和处置非法集资工作领导小组办公室');
    expect(first).toContain('海打非通报〔2026〕3号');
    expect(first).toContain('工作进展通报（第3期）');
    expect(first).toContain('各涉案地区防范和处置非法集资牵头部门：');
    const all = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(all).toContain('第24项：本期各成员单位按照职责分工');
    expect(all).toContain('人民币3,680,000.00元');
    expect(all).toContain('2026年5月6日印发');
  });

  it('when a full page is printed, then it holds the 22 lines of the GB/T 9704 grid', () => {
    // Page 2 is all body text; its rows are the 22 text lines plus the page number.
    expect(rows(wordsOf(file, 2)).length).toBe(23);
  });

  it('when the last page is printed, then the 印发 line of the 版记 is its last text line', () => {
    const lastLineOfFullPage = rows(wordsOf(file, 2)).at(-2)!;
    const last = wordsOf(file, pages);
    const printed = last.find((w) => w.text.includes('印发'));
    expect(printed).toBeDefined();
    // Same grid line as the 22nd line of a full page (a line is 29 pt; the 4号 colophon sits a little
    // lower in it than 3号 body text), and nothing but the page number below it.
    expect(Math.abs(printed!.yMin - lastLineOfFullPage)).toBeLessThan(8);
    const below = last.filter((w) => w.yMin > printed!.yMin + 8 && !/^[—\d]+$/.test(w.text));
    expect(below).toEqual([]);
  });

  it('when several notices are printed at once, then each gets its own PDF from the one browser', async () => {
    const renderer = createNoticeRenderer();
    const [a, b] = await Promise.all([
      pdf.renderPdf(printable(renderer, longBulletin(1))),
      pdf.renderPdf(printable(renderer, longBulletin(40))),
    ]);
    expect(a.subarray(0, 5).toString()).toBe('%PDF-');
    expect(b.length).toBeGreaterThan(a.length);
  });
});
