// Notice HTML → PDF through one headless Chromium (Debian's package; never a downloaded browser build).
//
// Page numbers: CSS @page margin boxes, which Chromium prints since version 131. `@page :right` puts
// '— n —' bottom right and `@page :left` bottom left, so odd pages carry it on the right and even pages on
// the left, 1 character in from the outer edge, as GB/T 9704 §7.5 asks; nothing here draws them.
//
// The 版记 must end on the bottom edge of the type area of the last page, which no CSS can say. Every
// block of a notice sits on the 22-line grid (templates/partials/print-css.css), so before printing we
// count lines in the laid-out page and fill the gap above the colophon with whole lines; the same count
// keeps the signature block from splitting across a page break (tightening its blank lines first).
import { access, constants } from 'node:fs/promises';
import { chromium, type Browser } from 'playwright-core';
import { DomainError } from '../domain/errors';
import { referencedStylesheet } from './stylesheet';

/**
 * Prints self-contained notices: a stored notice references its stylesheet (0008), so it is printed as
 * served, with the archived CSS inlined (withArchivedStylesheet in activities/notice.service.ts).
 */
export interface PdfRenderer {
  renderPdf(html: string): Promise<Buffer>;
  /** One PDF of several notices (composeBatch): each from a new page, numbered from 1. */
  renderPdfBatch(htmls: readonly string[]): Promise<Buffer>;
  close(): Promise<void>;
}

export interface PdfRendererOptions {
  executablePath?: string;
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Runs in the page, as a string because the project compiles without DOM types. It relies on the page
// and the print layout wrapping identically: .type-area is fixed to the 156 mm print width, and
// widows/orphans are 1 so Chromium never moves a line that the count has placed. A batch (composeBatch)
// holds several notices, each starting on a page of its own; each is pinned on its own, and one that ends
// on an odd page is followed by a blank page so the next starts on a recto when printed double-sided.
const PIN_TO_GRID = `(() => {
  const pin = (root) => {
    const perPage = Number(root.getAttribute('data-grid-lines-per-page'));
    // One line box as laid out (snapped to Chromium's 1/64 px layout unit), not the computed line-height:
    // the difference would add up over a long notice and misplace the count by a line.
    const probe = document.createElement('div');
    probe.textContent = '\u3000';
    root.append(probe);
    const line = probe.getBoundingClientRect().height;
    probe.remove();
    const origin = root.getBoundingClientRect().top;
    const firstLine = (el) => Math.round((el.getBoundingClientRect().top - origin) / line);
    const lineCount = (el) => Math.round(el.getBoundingClientRect().height / line);
    const spacer = (lines) => {
      const s = document.createElement('div');
      s.setAttribute('data-grid-spacer', String(lines));
      s.style.height = 'calc(var(--line) * ' + lines + ')';
      return s;
    };
    // A block that does not fit first gives up its leading blank lines (data-squeeze-lines), as GB/T 9704
    // asks ("调整行距"), and only then moves whole to the next page.
    for (const el of root.querySelectorAll('[data-keep-together]')) {
      const room = perPage - (firstLine(el) % perPage);
      const count = lineCount(el);
      const squeezable = Number(el.getAttribute('data-squeeze-lines') || 0);
      if (count <= room || count > perPage) continue;
      if (count - squeezable <= room) {
        const padding = Math.round(parseFloat(getComputedStyle(el).paddingTop) / line);
        el.style.paddingTop = 'calc(var(--line) * ' + Math.max(0, padding - (count - room)) + ')';
      } else {
        el.before(spacer(room));
      }
    }
    const pinned = root.querySelector('[data-pin-bottom]');
    if (!pinned) return null;
    const count = lineCount(pinned);
    const room = perPage - (firstLine(pinned) % perPage);
    const gap = count <= room ? room - count : count <= perPage ? room + perPage - count : 0;
    if (gap > 0) pinned.before(spacer(gap));
    const lastLine = firstLine(pinned) + count;
    return { perPage, lastLine, pages: Math.ceil(lastLine / perPage) };
  };
  const roots = [...document.querySelectorAll('[data-grid-lines-per-page]')];
  const results = roots.map((root, i) => {
    const result = pin(root);
    const notice = root.closest('[data-batch-notice]');
    if (result && notice && i < roots.length - 1 && result.pages % 2 === 1) {
      const blank = document.createElement('div');
      blank.className = 'batch-verso-blank';
      notice.after(blank);
    }
    return result;
  });
  return roots.length === 1 ? results[0] : results;
})()`;

/**
 * One document of several notices for printing in one go: each in a named page of its own, so it starts
 * on a new page and its page numbers count from 1 (a page counter of its own, drawn in the same margin
 * boxes as a single notice's). Every notice must carry the same print CSS, as all notices rendered by one
 * renderer do; a blank page between notices (PIN_TO_GRID) has no number.
 */
export function composeBatch(htmls: readonly string[]): string {
  if (htmls.length === 0) throw new Error('nothing to print');
  htmls.forEach(refuseStylesheetReference);
  const styleOf = (html: string) => /<style>([\s\S]*?)<\/style>/.exec(html)?.[1];
  const css = styleOf(htmls[0]);
  const bodies = htmls.map((html, i) => {
    const main = /<main class="type-area"[\s\S]*<\/main>/.exec(html)?.[0];
    if (css === undefined || styleOf(html) !== css || !main)
      throw new Error(`notice ${i + 1} of the batch is not a notice of this renderer's print CSS`);
    return `<div data-batch-notice class="batch-notice-${i}">\n${main}\n</div>`;
  });
  const pages = htmls.map((_, i) => {
    const number = (side: string) => `@bottom-${side} { content: '— ' counter(notice-${i}) ' —'; }`;
    return (
      `.batch-notice-${i} { page: notice-${i}; }\n` +
      `@page notice-${i} { counter-increment: notice-${i}; }\n` +
      `@page notice-${i}:right { ${number('right')} }\n` +
      `@page notice-${i}:left { ${number('left')} }`
    );
  });
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>文书${htmls.length}份</title>
<style>
${css}
.batch-verso-blank { page: verso-blank; height: 1px; }
@page verso-blank { @bottom-right { content: none; } @bottom-left { content: none; } }
${pages.join('\n')}
</style>
</head>
<body>
${bodies.join('\n')}
</body>
</html>
`;
}

/**
 * Nothing is fetched while printing, so a notice whose stylesheet is only referenced would come out
 * without its layout: refused, rather than printed wrong.
 */
function refuseStylesheetReference(html: string, i = 0): void {
  const sha256 = referencedStylesheet(html);
  if (sha256 !== null)
    throw new Error(
      `notice ${i + 1} only references its stylesheet ${sha256}: inline the archived stylesheet before printing`,
    );
}

/**
 * The command that installs what printing needs (scripts/install-pdf-deps.sh, Debian's packages); the
 * script runs apt as root, through sudo when it is not root itself.
 */
export const PDF_SETUP_COMMAND = 'npm run setup:pdf';

// A machine without Chromium is a set-up step not yet taken, not a server fault: the API answers 503
// PDF_UNAVAILABLE with the command that fixes it (api/problem.ts), never a 500 that hides it in the log.
const pdfUnavailable = (why: string) =>
  new DomainError(
    'PDF_UNAVAILABLE',
    `${why}，暂不能生成 PDF。请运行 \`${PDF_SETUP_COMMAND}\`（scripts/install-pdf-deps.sh，需 root 或 sudo）` +
      '安装 chromium、字体和 poppler-utils，或以 CHROMIUM_PATH 指明 Chromium 的位置；HTML 正文不受影响。',
  );

export function createPdfRenderer({
  executablePath = '/usr/bin/chromium',
}: PdfRendererOptions = {}): PdfRenderer {
  let browser: Promise<Browser> | null = null;
  let closed = false;

  const launch = async (): Promise<Browser> => {
    try {
      await access(executablePath, constants.X_OK);
    } catch {
      throw pdfUnavailable(`未找到 Chromium（${executablePath}）`);
    }
    let b: Browser;
    try {
      b = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
    } catch (e) {
      // Present but not startable (a missing shared library, a broken install): the same fix applies.
      throw pdfUnavailable(
        `Chromium（${executablePath}）无法启动：${(e as Error).message.split('\n')[0].slice(0, 200)}`,
      );
    }
    // A crashed browser is replaced on the next render instead of failing every render after it.
    b.on('disconnected', () => {
      browser = null;
    });
    return b;
  };

  // Concurrent first renders share one launch.
  const browserNow = (): Promise<Browser> => {
    if (closed) return Promise.reject(new Error('PDF renderer is closed'));
    browser ??= launch().catch((e: unknown) => {
      browser = null;
      throw e;
    });
    return browser;
  };

  const print = async (html: string): Promise<Buffer> => {
    refuseStylesheetReference(html);
    const page = await (await browserNow()).newPage();
    try {
      // A notice is self-contained (styles inline, fonts local): nothing may be fetched while printing.
      await page.route('**/*', (route) => route.abort());
      await page.emulateMedia({ media: 'print' });
      await page.setContent(html, { waitUntil: 'load' });
      await page.evaluate('document.fonts.ready.then(() => true)');
      await page.evaluate(PIN_TO_GRID);
      return await page.pdf({ preferCSSPageSize: true, printBackground: true, displayHeaderFooter: false });
    } finally {
      await page.close();
    }
  };

  return {
    renderPdf: print,
    // Most of a print job's time is fixed (fonts embedded and subset once per PDF), so a batch costs
    // little more than one notice.
    renderPdfBatch: async (htmls) => print(composeBatch(htmls)),
    async close() {
      closed = true;
      const pending = browser;
      browser = null;
      if (pending) await (await pending.catch(() => null))?.close();
    },
  };
}
