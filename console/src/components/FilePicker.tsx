// A file chooser that speaks Chinese. The browser's own <input type="file"> draws its button and its "no file"
// text in the browser's language (Chromium here says "Choose File"), which an officer cannot be expected to
// read. The native input stays in the page, labelled, so forms, assistive technology and the browser tests
// (setInputFiles) still use it; it is only drawn by the button and the name beside it.
import { useRef, useState } from 'react';
import { Button, Space, Typography } from 'antd';

const visuallyHidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  margin: -1,
  padding: 0,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  border: 0,
} as const;

export function FilePicker({
  id,
  label,
  accept = '.csv,text/csv',
  size,
  onChange,
}: {
  id: string;
  label: string;
  accept?: string;
  size?: 'small';
  onChange: (file: File | null) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [name, setName] = useState<string | null>(null);
  return (
    <Space>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={input}
        type="file"
        accept={accept}
        tabIndex={-1}
        style={visuallyHidden}
        onChange={(e) => {
          const file = e.target.files?.[0] ?? null;
          setName(file?.name ?? null);
          onChange(file);
        }}
      />
      <Button size={size} aria-describedby={`${id}-name`} onClick={() => input.current?.click()}>
        选择文件
      </Button>
      <Typography.Text id={`${id}-name`} data-testid={`${id}-name`} type={name ? undefined : 'secondary'}>
        {name ?? '未选择文件'}
      </Typography.Text>
    </Space>
  );
}
