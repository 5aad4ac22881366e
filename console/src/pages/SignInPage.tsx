// Development sign-in: one seeded user per role and region (token dev-<role>-<regionCode>, API.md). The
// choice is checked with GET /api/me before the console keeps it, so a wrong pick says why at once.
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { Alert, Button, Card, Form, Select, Typography } from 'antd';
import { useAuth } from '../auth';
import { ApiError } from '../api/client';
import { REGION_LABELS, REGIONS, ROLE_LABELS, ROLES } from '../lib/labels';

export default function SignInPage() {
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [role, setRole] = useState('financial_office');
  const [region, setRegion] = useState('532822');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await signIn(`dev-${role}-${region}`);
      void navigate(from, { replace: true });
    } catch (e) {
      setError(e instanceof ApiError ? e.problem.detail : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f2f5' }}>
      <Card style={{ width: 420 }}>
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          处非案件处置系统
        </Typography.Title>
        <Typography.Paragraph>开发模式：选择一个开发用户登录（角色 × 地区）。</Typography.Paragraph>
        <Form layout="vertical" onFinish={() => void submit()}>
          <Form.Item label="角色" htmlFor="signin-role">
            <Select
              id="signin-role"
              value={role}
              onChange={setRole}
              options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
            />
          </Form.Item>
          <Form.Item label="地区" htmlFor="signin-region">
            <Select
              id="signin-region"
              value={region}
              onChange={setRegion}
              options={REGIONS.map((r) => ({ value: r, label: `${REGION_LABELS[r]}（${r}）` }))}
            />
          </Form.Item>
          {error && (
            <Alert
              type="error"
              showIcon
              message="登录失败"
              description={error}
              style={{ marginBottom: 16 }}
            />
          )}
          <Button type="primary" htmlType="submit" loading={busy} block>
            登录
          </Button>
        </Form>
      </Card>
    </main>
  );
}
