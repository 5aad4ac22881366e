// The PDF renderer's browser lifecycle, with playwright replaced by a fake: a browser takes about a
// second and a hundred megabytes to start, so it must be launched once and reused for every notice,
// replaced only when it dies, and closed with the renderer. Printing itself is tested against the real
// Chromium in test/integration/pdf.test.ts and notices.test.ts.
import { createPdfRenderer } from '../../templates/pdf';
import { stylesheetReference } from '../../templates/stylesheet';

interface FakeBrowser {
  newPage: jest.Mock;
  close: jest.Mock;
  on: (event: string, handler: () => void) => void;
  disconnect: () => void;
}

const mockLaunch = jest.fn<Promise<FakeBrowser>, unknown[]>();
jest.mock('playwright-core', () => ({ chromium: { launch: (...args: unknown[]) => mockLaunch(...args) } }));

const pagesClosed: number[] = [];

function fakeBrowser(): FakeBrowser {
  const handlers = new Map<string, () => void>();
  return {
    newPage: jest.fn(async () => ({
      route: async () => undefined,
      emulateMedia: async () => undefined,
      setContent: async () => undefined,
      evaluate: async () => null,
      pdf: async () => Buffer.from('%PDF-fake'),
      close: async () => {
        pagesClosed.push(1);
      },
    })),
    close: jest.fn(async () => undefined),
    on: (event, handler) => handlers.set(event, handler),
    disconnect: () => handlers.get('disconnected')?.(),
  };
}

// Any executable file passes the renderer's X_OK check; the fake launch never runs it.
const executablePath = process.execPath;

beforeEach(() => {
  mockLaunch.mockReset();
  pagesClosed.length = 0;
});

it('when several notices are printed at once and then one after another, then one browser prints them all', async () => {
  const browser = fakeBrowser();
  mockLaunch.mockResolvedValue(browser);
  const pdf = createPdfRenderer({ executablePath });

  const first = await Promise.all([1, 2, 3, 4].map((n) => pdf.renderPdf(`<p>${n}</p>`)));
  for (const n of [5, 6]) await pdf.renderPdf(`<p>${n}</p>`);

  expect(first.map((b) => b.toString())).toEqual(Array(4).fill('%PDF-fake'));
  expect(mockLaunch).toHaveBeenCalledTimes(1);
  expect(mockLaunch.mock.calls[0][0]).toMatchObject({ executablePath, headless: true });
  expect(browser.newPage).toHaveBeenCalledTimes(6);
  expect(pagesClosed).toHaveLength(6);
  await pdf.close();
  expect(browser.close).toHaveBeenCalledTimes(1);
});

it('when the browser dies, then the next notice launches a new one, once', async () => {
  const [dead, fresh] = [fakeBrowser(), fakeBrowser()];
  mockLaunch.mockResolvedValueOnce(dead).mockResolvedValueOnce(fresh);
  const pdf = createPdfRenderer({ executablePath });

  await pdf.renderPdf('<p>1</p>');
  dead.disconnect();
  await Promise.all([pdf.renderPdf('<p>2</p>'), pdf.renderPdf('<p>3</p>')]);

  expect(mockLaunch).toHaveBeenCalledTimes(2);
  expect(dead.newPage).toHaveBeenCalledTimes(1);
  expect(fresh.newPage).toHaveBeenCalledTimes(2);
  await pdf.close();
});

it('when the first launch fails, then the failure is reported and the next notice tries again', async () => {
  const browser = fakeBrowser();
  mockLaunch.mockRejectedValueOnce(new Error('no display')).mockResolvedValueOnce(browser);
  const pdf = createPdfRenderer({ executablePath });

  await expect(pdf.renderPdf('<p>1</p>')).rejects.toThrow('no display');
  await expect(pdf.renderPdf('<p>2</p>')).resolves.toBeInstanceOf(Buffer);
  expect(mockLaunch).toHaveBeenCalledTimes(2);
  await pdf.close();
});

it('when the renderer is closed, then its browser is closed and no further notice is printed', async () => {
  const browser = fakeBrowser();
  mockLaunch.mockResolvedValue(browser);
  const pdf = createPdfRenderer({ executablePath });
  await pdf.renderPdf('<p>1</p>');

  await pdf.close();

  expect(browser.close).toHaveBeenCalledTimes(1);
  await expect(pdf.renderPdf('<p>2</p>')).rejects.toThrow(/closed/);
  expect(mockLaunch).toHaveBeenCalledTimes(1);
});

it('when the browser is missing, then the error says how to install it, and nothing is launched', async () => {
  const pdf = createPdfRenderer({ executablePath: '/nonexistent/chromium' });
  await expect(pdf.renderPdf('<p>1</p>')).rejects.toThrow(/setup:pdf/);
  expect(mockLaunch).not.toHaveBeenCalled();
});

it('when a notice only references its stylesheet, then it is refused before a browser is launched', async () => {
  const pdf = createPdfRenderer({ executablePath });
  const sha = 'a'.repeat(64);
  const html = `<head>${stylesheetReference(sha)}\n</head><main class="type-area"></main>`;
  await expect(pdf.renderPdf(html)).rejects.toThrow(/inline the archived stylesheet/);
  await expect(pdf.renderPdfBatch([html])).rejects.toThrow(/inline the archived stylesheet/);
  expect(mockLaunch).not.toHaveBeenCalled();
  await pdf.close();
});
