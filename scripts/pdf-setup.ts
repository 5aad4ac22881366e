// What npm start does about PDF printing (scripts/start.ts), apart so that it can be tested on its own.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Notices print to PDF through Debian's Chromium with the fonts of scripts/install-pdf-deps.sh. As root,
 * npm start installs whatever of it is missing (saying so: apt takes a minute); otherwise it prints one
 * warning with the command, and the PDF endpoint answers 503 PDF_UNAVAILABLE until then. Never fatal:
 * everything but PDF works without it.
 */
export function ensurePdfPrinting(
  chromiumPath: string,
  say: (msg: string) => void,
  isRoot = process.getuid?.() === 0,
): void {
  const fontsPresent = () =>
    (
      spawnSync('fc-list', [':postscriptname=FandolFang-Regular', 'postscriptname'], { encoding: 'utf8' })
        .stdout ?? ''
    ).trim().length > 0;
  if (existsSync(chromiumPath) && fontsPresent()) return;
  const warning = (why: string) =>
    console.warn(
      `\nWARNING: ${why}: notices cannot be printed to PDF (GET /api/notices/{id}.pdf answers 503 ` +
        `PDF_UNAVAILABLE). Fix: npm run setup:pdf (as root or with sudo)\n`,
    );
  if (!isRoot) {
    warning(
      existsSync(chromiumPath) ? 'the notice fonts are not installed' : `no Chromium at ${chromiumPath}`,
    );
    return;
  }
  say("installing Debian's chromium and the notice fonts for PDF printing (scripts/install-pdf-deps.sh)…");
  const run = spawnSync('bash', [path.join(__dirname, 'install-pdf-deps.sh')], { stdio: 'inherit' });
  if (run.status !== 0) warning(`installing the PDF tools failed (exit ${run.status ?? run.signal})`);
  // The script installs Debian's /usr/bin/chromium; a CHROMIUM_PATH elsewhere must name a browser too.
  else if (!existsSync(chromiumPath))
    warning(`installed, but CHROMIUM_PATH names ${chromiumPath}, which is absent`);
  else say('PDF printing installed');
}
