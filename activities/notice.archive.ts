// What a notice is handed out as, and the check that it still is what was archived (0010): the HTML page
// with its stylesheet inlined, whose sha256 is the one published for the notice (and its ETag); the first
// PDF printed of it, archived with its own sha256 and served ever after; and the recomputation of both
// from what is stored, for GET /api/notices/{id}/verify and `npm run cli -- notices verify`.
import { createHash } from 'node:crypto';
import type { Executor } from '../db/knex';
import {
  archiveNoticePdf,
  findNoticePdf,
  findStylesheets,
  listForVerification,
  type NoticePdf,
} from '../db/notice.repository';
import { referencedStylesheet, servedSha256Of } from '../templates/stylesheet';
import { withArchivedStylesheet } from './notice.service';

export interface PdfPrinter {
  renderPdf(html: string): Promise<Buffer>;
}

const sha256Hex = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** The page a stored notice is served as, and the sha256 of exactly those bytes. */
export async function servedNotice(db: Executor, html: string): Promise<{ html: string; sha256: string }> {
  const [served] = await withArchivedStylesheet(db, [html]);
  return { html: served, sha256: sha256Hex(Buffer.from(served, 'utf8')) };
}

/**
 * The notice's PDF: the archived first print, or else a print made now and archived, unless a concurrent
 * first request archived its own first, in which case that one is served, so every caller gets the same
 * bytes. Printing fails with PDF_UNAVAILABLE while Chromium is missing (templates/pdf.ts).
 */
export async function archivedPdf(
  db: Executor,
  notice: { id: string; html: string },
  printer: PdfPrinter,
): Promise<NoticePdf> {
  const archived = await findNoticePdf(db, notice.id);
  if (archived) return archived;
  const [html] = await withArchivedStylesheet(db, [notice.html]);
  const pdf = await printer.renderPdf(html);
  await archiveNoticePdf(db, { noticeId: notice.id, sha256: sha256Hex(pdf), pdf });
  const stored = await findNoticePdf(db, notice.id);
  if (!stored) throw new Error(`the PDF of notice ${notice.id} was archived but cannot be read back`);
  return stored;
}

export interface NoticeVerification {
  id: string;
  docNo: string;
  /** Both recomputed hashes equal the archived ones (and the stylesheet the notice names is archived). */
  ok: boolean;
  /** sha256 of the HTML page as served, recomputed from the stored HTML and the archived stylesheet. */
  sha256: string | null;
  /** sha256 of the archived first print, recomputed from its bytes; absent before the first print. */
  pdfSha256?: string;
  /** What did not match, in words; empty when ok. */
  problems: string[];
}

/**
 * Recomputes, from what is stored, the hashes of the notices chosen (all of them, one case's, or some
 * ids), a page at a time in id order, and yields each result. Nothing is trusted but the bytes: the
 * stylesheet row is hashed again too, although its CHECK vouches for it.
 */
export async function* verifyNotices(
  db: Executor,
  filter: { caseId?: string; ids?: readonly string[] } = {},
  pageSize = 500,
): AsyncGenerator<NoticeVerification, void, undefined> {
  const hashers = new Map<string, ((html: string) => string) | null>();
  let afterId: string | null = null;
  for (;;) {
    const page = await listForVerification(db, { afterId, limit: pageSize, ...filter });
    if (page.length === 0) return;
    const wanted = [...new Set(page.map((n) => referencedStylesheet(n.html)))].filter(
      (s): s is string => s !== null && !hashers.has(s),
    );
    for (const s of await findStylesheets(db, wanted))
      hashers.set(s.sha256, sha256Hex(s.css) === s.sha256 ? servedSha256Of(s) : null);
    for (const n of page) {
      const problems: string[] = [];
      const ref = referencedStylesheet(n.html);
      let sha256: string | null;
      if (ref === null) sha256 = sha256Hex(n.html);
      else {
        const hasher = hashers.get(ref);
        sha256 = hasher ? hasher(n.html) : null;
        if (!hasher) problems.push(`样式表 ${ref} 未存档或内容与其哈希不符`);
      }
      if (sha256 !== null && sha256 !== n.sha256) {
        // Notices issued before 0010 published the hash of the stored form (the reference, not the CSS).
        problems.push(
          sha256Hex(n.html) === n.sha256
            ? `存档哈希是存储形式的哈希（0010 之前签发），不是所提供正文的哈希 ${sha256}`
            : `正文哈希 ${sha256} 与存档哈希 ${n.sha256} 不符`,
        );
      }
      let pdfSha256: string | undefined;
      if (n.pdf) {
        pdfSha256 = sha256Hex(n.pdf);
        if (pdfSha256 !== n.pdfSha256) problems.push(`PDF 哈希 ${pdfSha256} 与存档哈希 ${n.pdfSha256} 不符`);
      }
      yield {
        id: n.id,
        docNo: n.docNo,
        ok: problems.length === 0,
        sha256,
        ...(pdfSha256 ? { pdfSha256 } : {}),
        problems,
      };
    }
    afterId = page[page.length - 1].id;
  }
}
