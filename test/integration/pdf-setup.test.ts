// What npm start says and does about PDF printing (scripts/pdf-setup.ts), with a browser path that does
// not exist: not root, one warning naming the fix and nothing installed; root, the install script runs
// (Debian's packages, idempotent) and, when the configured path still names no browser, a warning says so.
import { randomUUID } from 'node:crypto';
import { ensurePdfPrinting } from '../../scripts/pdf-setup';

const absent = () => `/nonexistent/${randomUUID()}/chromium`;

test('When Chromium is missing and npm start is not root, then it prints one warning with the fixing command and installs nothing', () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const said: string[] = [];
  try {
    ensurePdfPrinting(absent(), (m) => said.push(m), false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(
      /no Chromium at \/nonexistent\/.*PDF_UNAVAILABLE.*npm run setup:pdf/s,
    );
    expect(said).toEqual([]);
  } finally {
    warn.mockRestore();
  }
});

test('When Chromium and the fonts are there, then npm start says nothing about PDF', () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const said: string[] = [];
  try {
    ensurePdfPrinting('/usr/bin/chromium', (m) => said.push(m), false);
    expect(warn).not.toHaveBeenCalled();
    expect(said).toEqual([]);
  } finally {
    warn.mockRestore();
  }
});
