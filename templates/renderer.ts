// The one Handlebars module (STYLE.md 14): an isolated instance, helpers and partials registered once,
// every template parsed and compiled when the renderer is created, strict lookups and escaping on.
// A notice is stored with the HTML it rendered to and the templateVersion that produced it, so that
// re-rendering the stored data with the same version gives the same bytes.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { DomainError, type FieldError } from '../domain/errors';
import {
  NOTICE_KIND_CODES,
  NOTICE_KINDS,
  chineseNumeral,
  formatChineseDate,
  formatFenAsYuan,
  formatRatio,
  formatHanziDate,
  isNoticeKind,
  judicialOrganName,
  noticeBodyOf,
  noticeTitleOf,
  parseCourtCaseNo,
  parseDocNo,
  type Fen,
  type NoticeKind,
} from '../domain/notices';
import type { NoticeData } from './notice-data';
import { type NoticeStylesheet, servedSha256Of, stylesheetOf, stylesheetReference } from './stylesheet';

/**
 * Part of every templateVersion. Bump it when a helper's output or the view model below changes: they
 * shape the bytes as much as the template sources do, and a stale version would promise bytes that a
 * re-render no longer gives.
 */
const RENDERER_REVISION = '3';

/** The print stylesheet (GB/T 9704 layout), archived once and referenced by every notice (0008). */
const STYLESHEET_FILE = 'print-css.css';

export interface RenderedNotice {
  html: string;
  /** 16 hex digits of the sha256 of the sources (template, partials, CSS, renderer revision). */
  templateVersion: string;
}

export interface NoticeRenderer {
  render(data: NoticeData): RenderedNotice;
  /**
   * Re-renders stored data with the version it was first rendered with. Only the current templates are
   * kept on disk for now, so any other version is refused (NOT_AVAILABLE) rather than silently rendered
   * with different sources.
   */
  renderVersion(data: NoticeData, templateVersion: string): RenderedNotice;
  versionOf(kind: NoticeKind): string;
  /** The stylesheet every notice of this renderer references; issuing archives it in the same transaction. */
  readonly stylesheet: NoticeStylesheet;
  /**
   * The sha256 published for a rendered notice: of the page it is served as, its stylesheet inlined
   * (0010), so that anyone holding the served HTML can check it.
   */
  servedSha256(html: string): string;
}

export interface NoticeRendererOptions {
  /** The folder holding <kind>.hbs and partials/; defaults to the templates/ folder of this checkout. */
  templatesDir?: string;
}

// Type area 156 × 225 mm on a 22-line grid (GB/T 9704 §5.2); the masthead zone must be whole lines.
const TYPE_WIDTH_MM = 156;
const LINE_MM = 225 / 22;
const MASTHEAD_TOP_MM = 35;
const MASTHEAD_MAX_MM = 15;
const MASTHEAD_MIN_MM = 10;
const DAI_FONT_MM = 7;
const DAI_GAP_MM = 3;
// New Tai Lue letters average about 0.6 em; an estimate is enough to keep a long name inside the line.
const DAI_EM_PER_CHAR = 0.6;

const KNOWN_HELPERS = [
  'yuan',
  'cnDate',
  'hanziDate',
  'ratio',
  'cnNum',
  'seq',
  'join',
  'eq',
  'masked',
] as const;

type HelperOptions = Handlebars.HelperOptions & {
  name?: string;
  loc?: { start: { line: number; column: number } };
};

const where = (options: HelperOptions | undefined): string =>
  options?.loc ? `（第${options.loc.start.line}行第${options.loc.start.column + 1}列）` : '';

const missing = (helper: string, options: HelperOptions | undefined) =>
  new DomainError('VALIDATION_FAILED', `文书数据缺少字段：{{${helper}}} 的参数未定义${where(options)}`);

/**
 * Strict mode makes Handlebars throw on a missing field in {{field}}, but not in a helper's arguments,
 * so {{#each facts.items}} over a missing list would render nothing. Every helper here, the built-in
 * block helpers included, therefore refuses `undefined`: a missing fact always fails the render.
 */
function refuseUndefined(name: string, fn: Handlebars.HelperDelegate): Handlebars.HelperDelegate {
  return function (this: unknown, ...args: unknown[]) {
    const options = args[args.length - 1] as HelperOptions;
    for (let i = 0; i < args.length - 1; i++) if (args[i] === undefined) throw missing(name, options);
    return Reflect.apply(fn, this, args);
  };
}

function registerHelpers(hb: typeof Handlebars): void {
  for (const name of ['if', 'unless', 'with'] as const) {
    const builtin = hb.helpers[name];
    hb.registerHelper(name, refuseUndefined(name, builtin));
  }
  const each = hb.helpers.each;
  hb.registerHelper(
    'each',
    refuseUndefined('each', function (this: unknown, list: unknown, options: HelperOptions) {
      if (!Array.isArray(list)) throw missing('each', options);
      return Reflect.apply(each, this, [list, options]);
    }),
  );
  hb.registerHelper(
    'yuan',
    refuseUndefined('yuan', (fen: Fen) => formatFenAsYuan(fen)),
  );
  hb.registerHelper(
    'cnDate',
    refuseUndefined('cnDate', (date: string) => formatChineseDate(date)),
  );
  // Court documents date themselves in Chinese numerals (二〇二六年一月二日), as 刑事诉讼文书样式 prints them.
  hb.registerHelper(
    'hanziDate',
    refuseUndefined('hanziDate', (date: string) => formatHanziDate(date)),
  );
  hb.registerHelper(
    'ratio',
    refuseUndefined('ratio', (part: Fen, whole: Fen) => formatRatio(part, whole)),
  );
  hb.registerHelper(
    'cnNum',
    refuseUndefined('cnNum', (n: number) => chineseNumeral(n)),
  );
  hb.registerHelper(
    'seq',
    refuseUndefined('seq', (index: number) => index + 1),
  );
  hb.registerHelper(
    'join',
    refuseUndefined('join', (list: unknown, sep: string, options: HelperOptions) => {
      if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) throw missing('join', options);
      return list.join(sep);
    }),
  );
  hb.registerHelper(
    'eq',
    refuseUndefined('eq', (a: unknown, b: unknown) => a === b),
  );
  // A participant's identity number goes on paper only masked; an unmasked one is a mapping bug.
  hb.registerHelper(
    'masked',
    refuseUndefined('masked', (id: string) => {
      if (typeof id !== 'string' || !/\*{4,}/.test(id))
        throw new DomainError('VALIDATION_FAILED', '居民身份证号码必须经脱敏处理后才能写入文书');
      return id;
    }),
  );
}

/** The folder beside this file when run from source (tsx, jest); the source folder when run from dist/. */
function defaultTemplatesDir(): string {
  const candidates = [__dirname, path.resolve(__dirname, '../../templates')];
  const found = candidates.find((dir) => existsSync(path.join(dir, 'partials', 'notice.hbs')));
  if (!found) throw new Error(`找不到文书模板目录（已查找：${candidates.join('，')}）`);
  return found;
}

// A trailing newline would put a space between Chinese characters wherever a partial is used inline.
const readSource = (file: string): string => readFileSync(file, 'utf8').replace(/\r?\n$/, '');

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

interface MastheadLayout {
  mastheadText: string;
  mastheadFontMm: string;
  mastheadScaleX: string;
  daiFontMm: string;
  daiScaleX: string;
  frontLines: number;
}

const fixed = (n: number) => n.toFixed(3);

/**
 * The masthead sits 35 mm down in a block of whole lines, followed by two blank lines and the 发文字号.
 * Names are set as large as 15 mm and shrunk to fit the 156 mm line (down to 10 mm, then condensed
 * horizontally, as long names are in practice).
 */
function mastheadLayout(text: string, daiName: string | null): MastheadLayout {
  const chars = Array.from(text).length;
  const fontMm = Math.min(MASTHEAD_MAX_MM, Math.max(MASTHEAD_MIN_MM, TYPE_WIDTH_MM / chars));
  const scaleX = Math.min(1, TYPE_WIDTH_MM / (chars * fontMm));
  let heightMm = fontMm;
  let daiScaleX = 1;
  if (daiName) {
    daiScaleX = Math.min(1, TYPE_WIDTH_MM / (Array.from(daiName).length * DAI_EM_PER_CHAR * DAI_FONT_MM));
    heightMm += DAI_FONT_MM + DAI_GAP_MM;
  }
  return {
    mastheadText: text,
    mastheadFontMm: fixed(fontMm),
    mastheadScaleX: fixed(scaleX),
    daiFontMm: fixed(DAI_FONT_MM),
    daiScaleX: fixed(daiScaleX),
    frontLines: Math.ceil((MASTHEAD_TOP_MM + heightMm) / LINE_MM) + 2,
  };
}

const ENVELOPE_KEYS = [
  'kind',
  'docNo',
  'issuingUnit',
  'issuedOn',
  'addressee',
  'copyTo',
  'printedBy',
  'case',
  'legalBasis',
  'facts',
] as const;

/** Envelope problems are reported all at once with their fields; facts are left to the strict render. */
function checkEnvelope(data: NoticeData): void {
  const record = data as unknown as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const key of ENVELOPE_KEYS)
    if (record[key] === undefined || record[key] === null)
      errors.push({ field: `/${key}`, message: '缺少字段' });
  if (record.kind !== undefined && !isNoticeKind(record.kind))
    errors.push({ field: '/kind', message: `未知的文书种类：${JSON.stringify(record.kind)}` });
  // Court documents carry the case's 案号; every other body a 机关代字〔年份〕序号号 of its own series.
  const court = isNoticeKind(record.kind) && noticeBodyOf(record.kind) === 'court';
  if (typeof record.docNo === 'string' && court && parseCourtCaseNo(record.docNo) === null)
    errors.push({
      field: '/docNo',
      message: `案号格式不符合「（收案年度）法院代字类型代字案件编号号」：${record.docNo}`,
    });
  if (typeof record.docNo === 'string' && !court && parseDocNo(record.docNo) === null)
    errors.push({
      field: '/docNo',
      message: `发文字号格式不符合「机关代字〔年份〕序号号」：${record.docNo}`,
    });
  // 份号 is 6 Arabic digits, and a classified document must carry one (GB/T 9704 §7.2.1).
  const copyNo = record.copyNo;
  if (copyNo !== undefined && copyNo !== null && !(typeof copyNo === 'string' && /^\d{6}$/.test(copyNo)))
    errors.push({ field: '/copyNo', message: '份号应为6位阿拉伯数字' });
  const classification = record.classification as { level?: unknown; term?: unknown } | null | undefined;
  if (classification) {
    if (!['秘密', '机密', '绝密'].includes(classification.level as string))
      errors.push({ field: '/classification/level', message: '密级应为秘密、机密或绝密' });
    if (typeof copyNo !== 'string') errors.push({ field: '/copyNo', message: '涉密公文应当标注份号' });
  }
  if (
    record.urgency !== undefined &&
    record.urgency !== null &&
    !['特急', '加急'].includes(record.urgency as string)
  )
    errors.push({ field: '/urgency', message: '紧急程度应为特急或加急' });
  if (record.copyTo !== undefined && !Array.isArray(record.copyTo))
    errors.push({ field: '/copyTo', message: '应为机关名称列表' });
  if (record.issuingUnit && typeof (record.issuingUnit as { name?: unknown }).name !== 'string')
    errors.push({ field: '/issuingUnit/name', message: '缺少字段' });
  const corrects = record.corrects as { docNo?: unknown; issuedOn?: unknown } | null | undefined;
  if (
    record.kind === 'correction' &&
    (typeof corrects?.docNo !== 'string' || typeof corrects.issuedOn !== 'string')
  )
    errors.push({ field: '/corrects', message: '更正通知必须写明被更正文书的字号和日期' });
  if (errors.length > 0) {
    const detail = errors.map((f) => `${f.field} ${f.message}`).join('；');
    throw new DomainError('VALIDATION_FAILED', `文书数据不完整或有误：${detail}`, errors);
  }
}

/**
 * Police and procuratorate documents that are not addressed at the top: a 立案决定书 has no 主送, and a
 * request to another organ closes with 此致 and its name (提请批准逮捕书, 起诉意见书, 起诉书).
 */
const ENDS_WITH_CIZHI: ReadonlySet<NoticeKind> = new Set([
  'filing_decision',
  'arrest_request',
  'prosecution_opinion',
  'indictment',
]);

/** What the templates see: the stored data, optional fields made explicit, and derived layout values. */
function toView(data: NoticeData) {
  const unit = data.issuingUnit;
  const daiName = unit.daiName ?? null;
  const corrects = data.corrects ?? null;
  const attachments = data.attachments ?? [];
  const body = noticeBodyOf(data.kind);
  const copyNo = data.copyNo ?? null;
  const classification = data.classification
    ? { level: data.classification.level, term: data.classification.term ?? null }
    : null;
  const urgency = data.urgency ?? null;
  return {
    ...data,
    issuingUnit: { name: unit.name, shortName: unit.shortName ?? null, daiName },
    corrects,
    attachments,
    copyNo,
    classification,
    urgency,
    printedOn: data.printedOn ?? data.issuedOn,
    meta: { title: noticeTitleOf(data.kind, data.facts) },
    layout: {
      judicial: body === 'administrative' ? null : body,
      organName: judicialOrganName(unit.name, body),
      // Decisions and requests of the criminal process name whom they go to; a judgment does not.
      addressed: (body === 'police' || body === 'procuratorate') && !ENDS_WITH_CIZHI.has(data.kind),
      sealLabel: body === 'procuratorate' ? '（院印）' : `（${unit.name}印）`,
      hasMarks: copyNo !== null || classification !== null || urgency !== null,
      ...mastheadLayout(unit.shortName ?? unit.name, daiName),
      // On a 更正通知 the correction is the body itself; elsewhere a 附注 says what this one replaces.
      replaces: corrects !== null && data.kind !== 'correction',
      singleAttachment: attachments.length === 1,
    },
  };
}

/**
 * The Handlebars instance every notice is rendered with: isolated, its helpers and the partials of
 * `dir`/partials registered, and `compileNow` compiling a template with the renderer's options. The
 * print CSS is read beside the partials but is not one: the "stylesheet" partial is only its reference.
 */
function createEnvironment(dir: string) {
  const hb = Handlebars.create();
  registerHelpers(hb);
  const compileOptions: CompileOptions = {
    strict: true,
    noEscape: false,
    // An unknown helper name is a typo that would otherwise render as a (missing) field at run time.
    knownHelpers: Object.fromEntries(KNOWN_HELPERS.map((h) => [h, true])),
    knownHelpersOnly: true,
  };

  // Handlebars compiles lazily on the first call and memoizes. precompile runs the whole compiler now, so
  // a syntax error or an unknown helper stops start-up; the dry call then fills compile's memo so no
  // request pays for it, and is expected to fail on the empty context: strict mode at work.
  const compileNow = (name: string, source: string): HandlebarsTemplateDelegate => {
    try {
      hb.precompile(source, compileOptions);
    } catch (e) {
      throw new Error(`文书模板 ${name} 有误：${(e as Error).message}`);
    }
    const template = hb.compile(source, compileOptions);
    try {
      template({});
    } catch {
      // expected, see above
    }
    return template;
  };

  const partialsDir = path.join(dir, 'partials');
  const partialSources = readdirSync(partialsDir)
    .filter((f) => f.endsWith('.hbs'))
    .sort()
    .map((f) => ({ name: f.replace(/\.hbs$/, ''), source: readSource(path.join(partialsDir, f)) }));
  for (const { name, source } of partialSources)
    hb.registerPartial(name, compileNow(`partials/${name}`, source));
  const stylesheet = stylesheetOf(readSource(path.join(partialsDir, STYLESHEET_FILE)));
  // The newline keeps the line break after the reference, so that inlining the CSS in its place gives
  // the bytes notices carried before 0008.
  hb.registerPartial('stylesheet', compileNow('stylesheet', `${stylesheetReference(stylesheet.sha256)}\n`));
  // The CSS stays part of every templateVersion: a version names all the bytes a render depends on.
  const partialsDigest = [...partialSources, { name: 'stylesheet', source: stylesheet.css }]
    .map(({ name, source }) => `${name}\0${source}\0`)
    .join('');
  return { compileNow, partialsDigest, stylesheet };
}

export function createNoticeRenderer(options: NoticeRendererOptions = {}): NoticeRenderer {
  const dir = options.templatesDir ?? defaultTemplatesDir();
  const { compileNow, partialsDigest, stylesheet } = createEnvironment(dir);

  const entries = new Map<NoticeKind, { template: HandlebarsTemplateDelegate; version: string }>();
  for (const kind of NOTICE_KIND_CODES) {
    const file = path.join(dir, `${NOTICE_KINDS[kind].template}.hbs`);
    if (!existsSync(file)) throw new Error(`缺少文书模板：${file}`);
    const source = readSource(file);
    const version = sha256(`${RENDERER_REVISION}\0${kind}\0${source}\0${partialsDigest}`).slice(0, 16);
    entries.set(kind, { template: compileNow(kind, source), version });
  }

  const entryOf = (kind: NoticeKind) => {
    const entry = entries.get(kind);
    if (!entry) throw new DomainError('VALIDATION_FAILED', `未知的文书种类：${String(kind)}`);
    return entry;
  };

  const render = (data: NoticeData): RenderedNotice => {
    checkEnvelope(data);
    const entry = entryOf(data.kind);
    const title = noticeTitleOf(data.kind, data.facts);
    try {
      return { html: entry.template(toView(data)), templateVersion: entry.version };
    } catch (e) {
      if (e instanceof DomainError) throw new DomainError(e.code, `${title}：${e.message}`, e.errors);
      // Strict-mode lookups fail with a Handlebars.Exception naming the missing field.
      if (e instanceof Handlebars.Exception)
        throw new DomainError('VALIDATION_FAILED', `${title}：文书数据缺少字段（${e.message}）`);
      throw e;
    }
  };

  return {
    render,
    renderVersion(data, templateVersion) {
      checkEnvelope(data);
      const current = entryOf(data.kind).version;
      if (templateVersion !== current)
        throw new DomainError(
          'NOT_AVAILABLE',
          `文书模板版本 ${templateVersion} 已不在服务器上（当前版本 ${current}），无法按原版本重新生成`,
        );
      return render(data);
    },
    versionOf: (kind) => entryOf(kind).version,
    stylesheet,
    servedSha256: servedSha256Of(stylesheet),
  };
}

/**
 * A kind's template compiled exactly as the renderer compiles it (same instance set-up, helpers, partials
 * and options) and the view the renderer gives it: bare Handlebars, the baseline that
 * `npm run bench -- notices` measures the bulk path against. Not for issuing: it skips the checks, the
 * error mapping and the template version.
 */
export function compileBareTemplate(kind: NoticeKind, options: NoticeRendererOptions = {}) {
  const dir = options.templatesDir ?? defaultTemplatesDir();
  const source = readSource(path.join(dir, `${NOTICE_KINDS[kind].template}.hbs`));
  return { template: createEnvironment(dir).compileNow(kind, source), viewOf: toView };
}
