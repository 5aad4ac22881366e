import { Alert } from 'antd';
import { ApiError } from '../api/client';

/** The API's problem+json, in words: its detail, and each failing field when there are some. */
export function ProblemAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const p = error instanceof ApiError ? error.problem : null;
  return (
    <Alert
      role="alert"
      type="error"
      showIcon
      message={title ?? p?.title ?? '请求失败'}
      description={
        <div>
          <div data-testid="problem-detail">
            {p?.detail ?? (error instanceof Error ? error.message : '未知错误')}
          </div>
          {p?.errors?.length ? (
            <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
              {p.errors.map((e, i) => (
                <li key={i}>
                  {e.field ? <code>{e.field}</code> : null} {e.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      }
    />
  );
}
