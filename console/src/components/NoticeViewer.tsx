// Notices need the bearer token, so they cannot be plain links: the HTML is fetched and shown in a
// sandboxed frame (no scripts run in it), the PDF fetched as a blob and saved under its document number.
import { useState } from 'react';
import { Button, Modal, Space, message } from 'antd';
import { apiFetch } from '../api/client';
import type { NoticeSummary } from '../api/types';

export function NoticeButtons({ notice }: { notice: NoticeSummary }) {
  const [html, setHtml] = useState<string | null>(null);
  const [busy, setBusy] = useState<'html' | 'pdf' | null>(null);
  const open = async () => {
    setBusy('html');
    try {
      setHtml(await (await apiFetch(`/api/notices/${notice.id}.html`)).text());
    } catch (e) {
      void message.error(`文书打开失败：${String(e)}`);
    } finally {
      setBusy(null);
    }
  };
  const pdf = async () => {
    setBusy('pdf');
    try {
      const blob = await (await apiFetch(`/api/notices/${notice.id}.pdf`)).blob();
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${notice.docNo}.pdf`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      void message.error(`PDF 生成失败：${String(e)}`);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Space>
      <Button
        size="small"
        loading={busy === 'html'}
        onClick={() => void open()}
        aria-label={`查看 ${notice.docNo}`}
      >
        查看
      </Button>
      <Button
        size="small"
        loading={busy === 'pdf'}
        onClick={() => void pdf()}
        aria-label={`下载 ${notice.docNo} PDF`}
      >
        PDF
      </Button>
      {html !== null && (
        <Modal open width={900} title={notice.docNo} footer={null} onCancel={() => setHtml(null)}>
          <iframe
            title={`文书 ${notice.docNo}`}
            sandbox=""
            srcDoc={html}
            style={{ width: '100%', height: '70vh', border: '1px solid #ddd' }}
          />
        </Modal>
      )}
    </Space>
  );
}
