// The frame of every signed-in page: who and which unit in the header, the menu, the page in <main>.
import type { ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { Button, Layout, Menu, Space } from 'antd';
import { useAuth } from '../auth';
import { label, REGION_LABELS, ROLE_LABELS } from '../lib/labels';

const { Header, Sider, Content } = Layout;

const MENU: { key: string; label: string; roles?: string[] }[] = [
  { key: '/', label: '我的待办' },
  { key: '/cases', label: '案件' },
  { key: '/jobs', label: '我的任务' },
  { key: '/petitions', label: '信访维稳' },
  { key: '/coordination', label: '协调指挥' },
  { key: '/deadline-calculator', label: '期限计算' },
  { key: '/calendar', label: '节假日' },
  { key: '/tips', label: '举报线索', roles: ['financial_office', 'leader'] },
  { key: '/admin/users', label: '用户管理', roles: ['admin'] },
];

export function Shell({ children }: { children: ReactNode }) {
  const { me, signOut } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const menu = MENU.filter((m) => !m.roles || (me && m.roles.includes(me.role)));
  const selected =
    menu
      .map((m) => m.key)
      .filter((k) => (k === '/' ? location.pathname === '/' : location.pathname.startsWith(k)))
      .pop() ?? '/';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header
        style={{
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          background: '#001529',
        }}
      >
        <Link to="/" style={{ color: '#fff', fontSize: 18, fontWeight: 600 }}>
          处非案件处置系统
        </Link>
        <Space data-testid="whoami" style={{ color: '#fff' }}>
          <span>{me?.displayName ?? me?.userId}</span>
          <span>·</span>
          <span>{me?.unit.name}</span>
          <span>
            （{label(ROLE_LABELS, me?.role)}，{label(REGION_LABELS, me?.regionCode)}）
          </span>
          <Button
            size="small"
            onClick={() => {
              signOut();
              void navigate('/signin');
            }}
          >
            退出
          </Button>
        </Space>
      </Header>
      <Layout>
        <Sider width={180} theme="light" breakpoint="lg" collapsedWidth={0}>
          <nav aria-label="主菜单">
            <Menu
              mode="inline"
              selectedKeys={[selected]}
              items={menu.map((m) => ({ key: m.key, label: <Link to={m.key}>{m.label}</Link> }))}
            />
          </nav>
        </Sider>
        <Content style={{ padding: 24 }}>
          <main>{children}</main>
        </Content>
      </Layout>
    </Layout>
  );
}
