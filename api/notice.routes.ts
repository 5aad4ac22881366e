// Notices as metadata (JSON), as the rendered document (HTML) and as PDF (Debian's chromium, one browser
// reused), both with the archived stylesheet inlined (0008). A notice is visible exactly when its case is.
import type { Db } from '../db/knex';
import { withArchivedStylesheet } from '../activities/notice.service';
import { findNotice, findStylesheets } from '../db/notice.repository';
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
  return [
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
        const notice = await findNotice(db, m[1]);
        if (
          !notice ||
          !notice.caseId ||
          !(await findVisibleCase(db, notice.caseId, visibleRegionCodes(caller.regionCode)))
        ) {
          throw new DomainError('NOT_FOUND', '文书不存在');
        }
        const format =
          m[2] === '.pdf'
            ? 'pdf'
            : m[2] === '.html'
              ? 'html'
              : req.accepts(['application/json', 'text/html', 'application/pdf']);
        if (format === 'text/html' || format === 'html') {
          // The served bytes are a function of the stored HTML and the stylesheet it names, both immutable.
          const [html] = await withArchivedStylesheet(db, [notice.html]);
          res.type('text/html; charset=utf-8').set('ETag', `"${notice.sha256}"`).send(html);
          return undefined;
        }
        if (format === 'application/pdf' || format === 'pdf') {
          const [html] = await withArchivedStylesheet(db, [notice.html]);
          const buf = await pdf().renderPdf(html);
          res
            .type('application/pdf')
            .set('Content-Disposition', `inline; filename="${encodeURIComponent(notice.docNo)}.pdf"`)
            .send(buf);
          return undefined;
        }
        const { html: _html, ...meta } = notice;
        return { ...meta, issuingUnit: notice.issuingUnitName };
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
