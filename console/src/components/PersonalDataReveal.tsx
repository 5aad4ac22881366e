// 查看完整个人信息 on the case page, for the roles whose work needs the whole value (domain/personal-data.ts
// UNMASKED_READ_ROLES; the API decides): a reason first, then POST /api/cases/{id}/personal-data, which
// records who, when, why and which fields before it answers. The values live in this modal's memory only.
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Input, Modal, Table } from 'antd';
import { post } from '../api/client';
import type { PersonalDataRead } from '../api/types';
import { formatDateTime } from '../lib/format';
import { ProblemAlert } from './ProblemAlert';

export const UNMASKED_READ_ROLES = ['police', 'procuratorate', 'court', 'financial_office'];
const KIND_LABELS: Record<string, string> = {
  identity: '证件号码',
  bank: '银行账号',
  phone: '电话',
};

export function PersonalDataReveal({ caseId }: { caseId: string }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const read = useMutation({
    mutationFn: () =>
      post<PersonalDataRead>(
        `/api/cases/${caseId}/personal-data`,
        { reason: reason.trim() },
        {
          headers: { 'idempotency-key': crypto.randomUUID() },
        },
      ),
  });
  const close = () => {
    setOpen(false);
    setReason('');
    read.reset();
  };
  return (
    <>
      <Button data-testid="personal-data-open" onClick={() => setOpen(true)}>
        查看完整个人信息
      </Button>
      {open && (
        <Modal open title="查看完整个人信息" footer={null} onCancel={close} width={760} destroyOnHidden>
          {read.data ? (
            <>
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 12 }}
                message={`本次查看已记录（${formatDateTime(read.data.readAt)}）`}
              />
              <Table
                rowKey={(f) => `${f.seq ?? 'case'}${f.path}`}
                size="small"
                pagination={{ pageSize: 20, showSizeChanger: false }}
                data-testid="personal-data-values"
                dataSource={read.data.fields}
                columns={[
                  { title: '来源', render: (_, f) => (f.seq === null ? '涉案主体' : `事件 #${f.seq}`) },
                  { title: '字段', render: (_, f) => `${KIND_LABELS[f.kind] ?? f.kind}（${f.path}）` },
                  { title: '完整值', dataIndex: 'value' },
                ]}
              />
            </>
          ) : (
            <>
              <p>完整的身份证号码、银行账号和电话只在说明理由后显示；谁、何时、为何查看均记录在案。</p>
              <label htmlFor="personal-data-reason">查看理由（至少 4 个字）</label>
              <Input.TextArea
                id="personal-data-reason"
                rows={2}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                style={{ margin: '4px 0 12px' }}
              />
              <Button
                type="primary"
                disabled={reason.trim().length < 4}
                loading={read.isPending}
                onClick={() => read.mutate()}
              >
                查看
              </Button>
              <div style={{ marginTop: 12 }}>
                <ProblemAlert error={read.error} title="未能查看" />
              </div>
            </>
          )}
        </Modal>
      )}
    </>
  );
}
