// Notices as metadata (JSON), as the rendered document (HTML) and as PDF (Debian's chromium, one browser
// reused). A notice is visible exactly when its case is.
import type { Db } from '../db/knex';
import { findNotice } from '../db/notice.repository';
import { findVisibleCase } from '../db/case.repository';
import { DomainError } from '../domain/errors';
import { visibleRegionCodes } from '../domain/reference';
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
        const m = /^([0-9a-f-]{36})(\.html|\.pdf)?$/i.exec(params.id);
        if (!m) throw new DomainError('NOT_FOUND', '文书不存在');
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
          res.type('text/html; charset=utf-8').set('ETag', `"${notice.sha256}"`).send(notice.html);
          return undefined;
        }
        if (format === 'application/pdf' || format === 'pdf') {
          const buf = await pdf().renderPdf(notice.html);
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
  ];
}
