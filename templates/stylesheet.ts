// The print stylesheet of notices is archived once per distinct content (notice_stylesheets), not in every
// notice (docs/decisions/0008-notice-stylesheet-stored-once.md). A stored notice names it by its sha256 in
// a <link>; every output (the HTML and PDF of GET /api/notices/{id}, batch PDFs) puts the archived CSS back
// in its place with inlineStylesheet, so a saved or printed page needs nothing else. The sha256 published
// for a notice is the hash of exactly those served bytes (docs/decisions/0010-notice-hash-of-served-bytes.md):
// whoever receives the page can hash it and compare, without knowing how it was stored.
import { createHash } from 'node:crypto';

export interface NoticeStylesheet {
  /** sha256 of the CSS as UTF-8, in hex: the key of its archived row and what a notice references. */
  sha256: string;
  css: string;
}

/** Where GET serves an archived stylesheet; a stored notice's reference points there. */
export const STYLESHEET_PATH = '/api/notice-stylesheets';

export const stylesheetOf = (css: string): NoticeStylesheet => ({
  sha256: createHash('sha256').update(css, 'utf8').digest('hex'),
  css,
});

/** The markup a stored notice carries in place of the CSS. */
export const stylesheetReference = (sha256: string): string =>
  `<link rel="stylesheet" href="${STYLESHEET_PATH}/${sha256}.css" data-notice-stylesheet="${sha256}">`;

// Exactly what stylesheetReference writes. User text cannot forge it: the templates escape every '<'.
const REFERENCE =
  /<link rel="stylesheet" href="\/api\/notice-stylesheets\/([0-9a-f]{64})\.css" data-notice-stylesheet="\1">/;

/** The sha256 of the stylesheet a notice references, or null for a notice that carries its own <style>. */
export const referencedStylesheet = (html: string): string | null => REFERENCE.exec(html)?.[1] ?? null;

/**
 * The notice as a self-contained page: its stylesheet reference replaced by the CSS in a <style>, laid out
 * byte for byte as notices stored before 0008 carried it. A notice without a reference is returned as is.
 */
export function inlineStylesheet(html: string, stylesheet: NoticeStylesheet): string {
  const sha256 = referencedStylesheet(html);
  if (sha256 === null) return html;
  if (sha256 !== stylesheet.sha256)
    throw new Error(`the notice references stylesheet ${sha256}, not ${stylesheet.sha256}`);
  // A function, so that '$' in the CSS is not read as a replacement pattern.
  return html.replace(REFERENCE, () => inlinedStyle(stylesheet.css));
}

const inlinedStyle = (css: string) => `<style>\n${css}</style>`;

/** What every notice of templates/partials/notice.hbs starts with, before its stylesheet. */
const DOCUMENT_HEAD = '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n';

/**
 * The sha256 of the page a stored notice is served as (inlineStylesheet), without building that page when
 * it starts the usual way: every notice of one renderer begins with the same bytes up to and including its
 * stylesheet (templates/partials/notice.hbs puts the reference first in <head>), so the hash state after
 * the served form of that prefix is computed once and copied for each notice, which then costs only its
 * own ~2 kB (the bulk path hashes a million notices). Any other notice is inlined and hashed whole.
 */
export function servedSha256Of(stylesheet: NoticeStylesheet): (storedHtml: string) => string {
  const storedPrefix = `${DOCUMENT_HEAD}${stylesheetReference(stylesheet.sha256)}`;
  const base = createHash('sha256').update(`${DOCUMENT_HEAD}${inlinedStyle(stylesheet.css)}`, 'utf8');
  return (html) =>
    html.startsWith(storedPrefix)
      ? base.copy().update(html.slice(storedPrefix.length), 'utf8').digest('hex')
      : createHash('sha256').update(inlineStylesheet(html, stylesheet), 'utf8').digest('hex');
}
