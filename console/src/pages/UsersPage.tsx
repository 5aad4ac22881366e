// 用户管理 (admin only; the API refuses any other role): the users of the units the admin's region sees,
// opening one (its role is its unit's), renaming, resetting the password (ends their sessions), disabling
// (ends their sessions and revokes their keys) or enabling, ending sessions, and API keys — a new key is shown
// once, in this modal, and never again (only its hash is kept).
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Drawer, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { api, apiFetch, post, qs } from '../api/client';
import type { AdminUnit, AdminUser, ApiKey, Page } from '../api/types';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatDateTime } from '../lib/format';
import { label, REGION_LABELS, ROLE_LABELS } from '../lib/labels';
import { PAGE_SIZE, serverPagination } from '../lib/paging';

const idem = () => ({ headers: { 'idempotency-key': crypto.randomUUID() } });
const patch = (id: string, body: Record<string, unknown>) =>
  api<AdminUser>(`/api/admin/users/${id}`, { method: 'PATCH', body: JSON.stringify(body) });

type NewUser = { username: string; displayName: string; unitId: string; password?: string };

export default function UsersPage() {
  const client = useQueryClient();
  const [page, setPage] = useState(1);
  const [unitId, setUnitId] = useState<string | undefined>(undefined);
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const units = useQuery({
    queryKey: ['admin', 'units'],
    queryFn: () => api<AdminUnit[]>('/api/admin/units'),
  });
  const users = useQuery({
    queryKey: ['admin', 'users', page, unitId],
    queryFn: () => api<Page<AdminUser>>(`/api/admin/users${qs({ page, pageSize: PAGE_SIZE, unitId })}`),
  });
  // GET /api/admin/units answers an array (api/admin.service.ts listUnits).
  const unitList = units.data ?? [];
  const create = useMutation({
    mutationFn: (v: NewUser) =>
      post<AdminUser>('/api/admin/users', { ...v, password: v.password || undefined }, idem()),
    onSuccess: (u) => {
      setCreating(false);
      void client.invalidateQueries({ queryKey: ['admin', 'users'] });
      setOpenId(u.id);
    },
  });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2}>用户管理</Typography.Title>
      <Space wrap>
        <label htmlFor="users-unit">单位</label>
        <Select
          id="users-unit"
          allowClear
          placeholder="全部"
          style={{ width: 260 }}
          value={unitId}
          onChange={(v) => {
            setUnitId(v);
            setPage(1);
          }}
          options={unitList.map((u) => ({
            value: u.id,
            label: `${u.name}（${label(REGION_LABELS, u.regionCode)}）`,
          }))}
        />
        <Button type="primary" data-testid="user-new" onClick={() => setCreating(true)}>
          开设用户
        </Button>
      </Space>
      <ProblemAlert error={users.error ?? units.error} />
      <Table<AdminUser>
        rowKey="id"
        size="small"
        data-testid="users-table"
        loading={users.isPending}
        dataSource={users.data?.items ?? []}
        pagination={serverPagination(page, users.data?.total, setPage, '人')}
        columns={[
          {
            title: '用户名',
            render: (_, u) => (
              <Button type="link" style={{ padding: 0 }} onClick={() => setOpenId(u.id)}>
                {u.username ?? '（仅 API 密钥）'}
              </Button>
            ),
          },
          { title: '姓名', dataIndex: 'displayName' },
          { title: '单位', render: (_, u) => u.unit.name },
          { title: '角色', render: (_, u) => label(ROLE_LABELS, u.role) },
          { title: '地区', render: (_, u) => label(REGION_LABELS, u.regionCode) },
          {
            title: '状态',
            render: (_, u) => (
              <Space size={4}>
                <Tag>{u.active ? '启用' : '停用'}</Tag>
                {u.devOnly && <Tag>开发用户</Tag>}
              </Space>
            ),
          },
        ]}
      />
      {creating && (
        <Modal open title="开设用户" footer={null} onCancel={() => setCreating(false)} destroyOnHidden>
          <Form<NewUser> layout="vertical" onFinish={(v) => create.mutate(v)} data-testid="user-form">
            <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请填写用户名' }]}>
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item name="displayName" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item
              name="unitId"
              label="单位（角色随单位）"
              rules={[{ required: true, message: '请选择单位' }]}
            >
              <Select
                showSearch
                optionFilterProp="label"
                options={unitList
                  .filter((u) => u.role)
                  .map((u) => ({
                    value: u.id,
                    label: `${u.name}（${label(REGION_LABELS, u.regionCode)}，${label(ROLE_LABELS, u.role)}）`,
                  }))}
              />
            </Form.Item>
            <Form.Item
              name="password"
              label="初始密码"
              extra="不填则该用户不能登录，只能持 API 密钥（如银行的报送系统）。"
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={create.isPending}>
              开设
            </Button>
            <div style={{ marginTop: 12 }}>
              <ProblemAlert error={create.error} title="未能开设" />
            </div>
          </Form>
        </Modal>
      )}
      {openId && <UserDrawer id={openId} onClose={() => setOpenId(null)} />}
    </Space>
  );
}

function UserDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const client = useQueryClient();
  const user = useQuery({
    queryKey: ['admin', 'user', id],
    queryFn: () => api<AdminUser>(`/api/admin/users/${id}`),
  });
  const keys = useQuery({
    queryKey: ['admin', 'user', id, 'keys'],
    queryFn: () => api<ApiKey[]>(`/api/admin/users/${id}/api-keys`),
  });
  const [password, setPassword] = useState('');
  const [keyName, setKeyName] = useState('');
  const [newKey, setNewKey] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const refresh = (u?: AdminUser) => {
    if (u) client.setQueryData(['admin', 'user', id], u);
    void client.invalidateQueries({ queryKey: ['admin', 'users'] });
    void client.invalidateQueries({ queryKey: ['admin', 'user', id, 'keys'] });
  };
  const update = useMutation({
    mutationFn: (body: Record<string, unknown>) => patch(id, body),
    onSuccess: (u, body) => {
      refresh(u);
      if ('password' in body) {
        setPassword('');
        setMessage('密码已重设，其会话已结束');
      } else setMessage(u.active ? '已启用' : '已停用，会话已结束、密钥已吊销');
    },
  });
  const revoke = useMutation({
    mutationFn: () => post<{ revoked: number }>(`/api/admin/users/${id}/revoke-sessions`, {}),
    onSuccess: (r) => setMessage(`已结束 ${r.revoked} 个会话`),
  });
  const issue = useMutation({
    mutationFn: () =>
      post<ApiKey & { key: string }>(`/api/admin/users/${id}/api-keys`, { name: keyName }, idem()),
    onSuccess: (k) => {
      setNewKey(k.key);
      setKeyName('');
      refresh();
    },
  });
  const revokeKey = useMutation({
    mutationFn: (keyId: string) => apiFetch(`/api/admin/api-keys/${keyId}`, { method: 'DELETE' }),
    onSuccess: () => refresh(),
  });
  const u = user.data;
  const keyList = keys.data ?? [];
  return (
    <Drawer open width={640} title="用户" onClose={onClose} destroyOnHidden>
      <ProblemAlert error={user.error} />
      {u && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="user-drawer">
          <Typography.Paragraph>
            <strong>{u.displayName}</strong>（{u.username ?? '仅 API 密钥'}）· {u.unit.name} ·{' '}
            {label(ROLE_LABELS, u.role)} · <span data-testid="user-state">{u.active ? '启用' : '停用'}</span>
          </Typography.Paragraph>
          {u.devOnly && <Alert type="info" showIcon message="开发用户由种子数据管理，不能修改。" />}
          {message && (
            <Alert type="success" showIcon closable onClose={() => setMessage(null)} message={message} />
          )}
          <ProblemAlert
            error={update.error ?? revoke.error ?? issue.error ?? revokeKey.error}
            title="未被受理"
          />
          <Space wrap>
            <Button loading={update.isPending} onClick={() => update.mutate({ active: !u.active })}>
              {u.active ? '停用' : '启用'}
            </Button>
            <Button loading={revoke.isPending} onClick={() => revoke.mutate()}>
              结束全部会话
            </Button>
          </Space>
          <section aria-label="重设密码">
            <h4>重设密码</h4>
            <Space.Compact style={{ width: '100%' }}>
              <Input.Password
                aria-label="新密码"
                autoComplete="new-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
              <Button disabled={!password} onClick={() => update.mutate({ password })}>
                重设
              </Button>
            </Space.Compact>
          </section>
          <section aria-label="API 密钥">
            <h4>API 密钥</h4>
            {newKey && (
              <Alert
                type="warning"
                showIcon
                closable
                onClose={() => setNewKey(null)}
                message="新密钥只显示这一次，请立即妥善保存"
                description={
                  <Typography.Text code copyable data-testid="api-key-once">
                    {newKey}
                  </Typography.Text>
                }
              />
            )}
            <Space.Compact style={{ width: '100%', margin: '8px 0' }}>
              <Input
                aria-label="密钥名称"
                placeholder="密钥名称（如：银行报送系统）"
                value={keyName}
                onChange={(e) => setKeyName(e.target.value)}
              />
              <Button
                disabled={!keyName.trim() || !u.active}
                loading={issue.isPending}
                onClick={() => issue.mutate()}
              >
                签发密钥
              </Button>
            </Space.Compact>
            <Table<ApiKey>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={keyList}
              columns={[
                { title: '名称', dataIndex: 'name' },
                { title: '签发时间', render: (_, k) => formatDateTime(k.createdAt) },
                { title: '最近使用', render: (_, k) => formatDateTime(k.lastUsedAt) },
                {
                  title: '状态',
                  render: (_, k) =>
                    k.revokedAt ? (
                      `已吊销（${formatDateTime(k.revokedAt)}）`
                    ) : (
                      <Button size="small" onClick={() => revokeKey.mutate(k.id)}>
                        吊销
                      </Button>
                    ),
                },
              ]}
            />
          </section>
        </Space>
      )}
    </Drawer>
  );
}
