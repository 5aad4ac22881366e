// Golden files: one document of each body (administrative GB/T 9704, police, procuratorate, court) printed
// through the real Chromium and read back from the PDF with pdftotext, as a reader of the paper would see
// it: the text, the order of its elements and the format of its numbers must be test/golden/<name>.txt
// exactly. A deliberate change of a format changes its golden file in the same commit.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPdfRenderer, type PdfRenderer } from '../../templates/pdf';
import { createNoticeRenderer } from '../../templates/renderer';
import { inlineStylesheet } from '../../templates/stylesheet';
import { GOLDEN_NOTICES, normalizePdfText } from '../support/golden-notices';

const GOLDEN_DIR = path.resolve(__dirname, '..', 'golden');
const renderer = createNoticeRenderer();
let pdf: PdfRenderer;
let dir: string;

beforeAll(() => {
  const missing = ['/usr/bin/chromium', '/usr/bin/pdftotext'].filter((p) => !existsSync(p));
  // A failure, not a skip: a machine that cannot print must not pass quietly.
  if (missing.length > 0) throw new Error(`PDF tools missing (${missing.join(', ')}): run npm run setup:pdf`);
  pdf = createPdfRenderer();
  dir = mkdtempSync(path.join(tmpdir(), 'golden-'));
});
afterAll(async () => {
  await pdf.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The notice printed as GET /api/notices/{id}.pdf prints it, and its text as pdftotext -layout reads it. */
export async function printedText(name: string): Promise<string> {
  const { html } = renderer.render(GOLDEN_NOTICES[name]());
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, await pdf.renderPdf(inlineStylesheet(html, renderer.stylesheet)));
  return normalizePdfText(execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }));
}

test.each(Object.keys(GOLDEN_NOTICES))(
  'When the %s document is printed and read back from the PDF, then its text is the golden file line for line',
  async (name) => {
    const text = await printedText(name);
    expect(text).toBe(readFileSync(path.join(GOLDEN_DIR, `${name}.txt`), 'utf8'));
  },
);
