// Notices as metadata (JSON), as the rendered document (HTML) and as PDF (Debian's chromium, one browser
// reused), both with the archived stylesheet inlined (0008); the HTML's sha256 is the notice's published
// hash and the PDF is the archived first print (0010). A notice is visible exactly when its case is.
import type { Db } from '../db/knex';
import { archivedPdf, servedNotice, verifyNotices } from '../activities/notice.archive';
import { findNotice, findNoticePdfSha256, findStylesheets, type NoticeRow } from '../db/notice.repository';
import { findVisibleCase } from '../db/case.repository';
import { DomainError } from '../domain/errors';
import { isUuid } from '../domain/input';
import { visibleRegionCodes } from '../domain/reference';
import { STYLESHEET_PATH } from '../templates/stylesheet';
import { emptyQuery } from './case.schemas';
import { type RouteDef, defineRoute } from './route';

export interface PdfRenderer {
  renderPdf(html: string): Promise<Buffer>;
}

export function noticeRoutes(db: Db, pdf: () => PdfRenderer): RouteDef[] {
  /** The notice if the caller sees its case; otherwise it does not exist for them. */
  const visibleNotice = async (id: string, regionCode: string): Promise<NoticeRow> => {
    const notice = await findNotice(db, id);
    if (
      !notice ||
      !notice.caseId ||
      !(await findVisibleCase(db, notice.caseId, visibleRegionCodes(regionCode)))
    ) {
      throw new DomainError('NOT_FOUND', '文书不存在');
    }
    return notice;
  };
  return [
    defineRoute({
      method: 'get',
      path: '/api/notices/:id/verify',
      summary:
        '核验文书：由存档内容重新计算正文（按所提供的 HTML）和首次打印 PDF 的 sha256，并与存档哈希比对',
      tag: 'notices',
      access: 'authenticated',
      query: emptyQuery,
      handle: async ({ caller, params }) => {
        if (!/^[0-9a-f-]{36}$/i.test(params.id)) throw new DomainError('NOT_FOUND', '文书不存在');
        const notice = await visibleNotice(params.id, caller.regionCode);
        for await (const result of verifyNotices(db, { ids: [notice.id] })) {
          const { id: _id, docNo: _docNo, ...answer } = result;
          return answer;
        }
        throw new DomainError('NOT_FOUND', '文书不存在');
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/notices/:id',
      summary:
        '文书：元数据（JSON），或正文（Accept: text/html 或 .html），或 PDF（Accept: application/pdf 或 .pdf）',
      tag: 'notices',
      access: 'authenticated',
      query: emptyQuery,
      produces: ['application/json', 'text/html', 'application/pdf'],
      handle: async ({ caller, params, req, res }) => {
        const m = /^(.{36})(\.html|\.pdf)?$/.exec(params.id);
        if (!m || !isUuid(m[1])) throw new DomainError('NOT_FOUND', '文书不存在');
        const notice = await visibleNotice(m[1], caller.regionCode);
        const format =
          m[2] === '.pdf'
            ? 'pdf'
            : m[2] === '.html'
              ? 'html'
              : req.accepts(['application/json', 'text/html', 'application/pdf']);
        if (format === 'text/html' || format === 'html') {
          // The ETag is the hash of these bytes, recomputed: the notice's sha256 when nothing was altered.
          const served = await servedNotice(db, notice.html);
          res
            .type('text/html; charset=utf-8')
            .set('ETag', `"${served.sha256}"`)
            .send(Buffer.from(served.html, 'utf8'));
          return undefined;
        }
        if (format === 'application/pdf' || format === 'pdf') {
          const archived = await archivedPdf(db, notice, pdf());
          res
            .type('application/pdf')
            .set('ETag', `"${archived.sha256}"`)
            .set('Content-Disposition', `inline; filename="${encodeURIComponent(notice.docNo)}.pdf"`)
            .send(archived.pdf);
          return undefined;
        }
        const { html: _html, ...meta } = notice;
        const pdfSha256 = await findNoticePdfSha256(db, notice.id);
        return { ...meta, issuingUnit: notice.issuingUnitName, pdfSha256 };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${STYLESHEET_PATH}/:file`,
      summary: '文书打印样式表（按 sha256 存档，内容不变）：文书正文引用它，输出时已内嵌',
      tag: 'notices',
      // The GB/T 9704 layout, the same for every notice: no case data, and what a saved page's <link> names.
      access: 'public',
      query: emptyQuery,
      produces: ['text/css'],
      handle: async ({ params, res }) => {
        const m = /^([0-9a-f]{64})\.css$/.exec(params.file);
        const [stylesheet] = m ? await findStylesheets(db, [m[1]]) : [];
        if (!stylesheet) throw new DomainError('NOT_FOUND', '样式表不存在');
        res
          .type('text/css; charset=utf-8')
          .set('ETag', `"${stylesheet.sha256}"`)
          .set('Cache-Control', 'public, max-age=31536000, immutable')
          .send(stylesheet.css);
        return undefined;
      },
    }),
  ];
}
