// The PDF renderer is started on first use (a browser is heavy) and then reused for every notice.
import type { PdfRenderer } from './notice.routes';

type Renderer = PdfRenderer & { close(): Promise<void> };

export function lazyPdfRenderer(executablePath: string) {
  let renderer: Promise<Renderer> | null = null;
  const load = () =>
    (renderer ??= import('../templates/pdf').then(
      (m) => m.createPdfRenderer({ executablePath }) as Renderer,
    ));
  return {
    get: (): PdfRenderer => ({ renderPdf: async (html) => (await load()).renderPdf(html) }),
    close: async () => {
      if (renderer) await (await renderer).close();
    },
  };
}
