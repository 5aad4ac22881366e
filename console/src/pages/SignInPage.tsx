// Sign-in. The server says which (GET /api/session/config): in production a username and password form
// (POST /api/session; a wrong password and an unknown user get one message, a locked account says when to
// try again); in development one seeded user per role and region (token dev-<role>-<regionCode>, API.md),
// checked with GET /api/me before the console keeps it, so a wrong pick says why at once.
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { Alert, Button, Card, Form, Input, Select, Spin, Typography } from 'antd';
import { useAuth, useSignInMode } from '../auth';
import { ApiError } from '../api/client';
import { REGION_LABELS, REGIONS, ROLE_LABELS, ROLES } from '../lib/labels';

const problemText = (e: unknown) => (e instanceof ApiError ? e.problem.detail : String(e));

function SignInError({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      message="登录失败"
      description={<span data-testid="signin-error">{error}</span>}
      style={{ marginBottom: 16 }}
    />
  );
}

function PasswordForm({ onDone }: { onDone: () => void }) {
  const { signInWithPassword } = useAuth();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await signInWithPassword(username, password);
      onDone();
    } catch (e) {
      setError(problemText(e));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form layout="vertical" onFinish={() => void submit()}>
      <Form.Item label="用户名" htmlFor="signin-username" required>
        <Input
          id="signin-username"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          maxLength={64}
        />
      </Form.Item>
      <Form.Item label="密码" htmlFor="signin-password" required>
        <Input.Password
          id="signin-password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          maxLength={256}
        />
      </Form.Item>
      <SignInError error={error} />
      <Button type="primary" htmlType="submit" loading={busy} disabled={!username || !password} block>
        登录
      </Button>
    </Form>
  );
}

function DevelopmentChooser({ onDone }: { onDone: () => void }) {
  const { signIn } = useAuth();
  const [role, setRole] = useState('financial_office');
  const [region, setRegion] = useState('532822');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await signIn(`dev-${role}-${region}`);
      onDone();
    } catch (e) {
      setError(problemText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
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
      <SignInError error={error} />
      <Button type="primary" htmlType="submit" loading={busy} block>
        登录
      </Button>
    </Form>
  );
}

export default function SignInPage() {
  const mode = useSignInMode();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  const done = () => void navigate(from, { replace: true });

  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f2f5' }}>
      <Card style={{ width: 420 }}>
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          处非案件处置系统
        </Typography.Title>
        {mode.isPending ? (
          <Spin tip="加载中…">
            <span />
          </Spin>
        ) : mode.isError ? (
          <Alert type="error" showIcon message="无法连接服务器" description={problemText(mode.error)} />
        ) : mode.data.mode === 'production' ? (
          <>
            <Typography.Paragraph>请以管理员为您开设的用户名和密码登录。</Typography.Paragraph>
            <PasswordForm onDone={done} />
          </>
        ) : (
          <>
            <Typography.Paragraph>开发模式：选择一个开发用户登录（角色 × 地区）。</Typography.Paragraph>
            <DevelopmentChooser onDone={done} />
          </>
        )}
      </Card>
    </main>
  );
}
