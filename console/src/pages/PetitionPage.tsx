// 信访局: petitions by state and clock (the petition deadlines of 《信访工作条例》), visits and group visits,
// and the stabilization measures of each region, across the cases I see (GET /api/petitions,
// GET /api/stabilization-measures: the API scopes both to the regions I read).
import { useState } from 'react';
import { Card, Select, Space, Typography } from 'antd';
import {
  PETITION_STATE_LABELS,
  CHANNEL_LABELS,
  PetitionTable,
  StabilizationTables,
} from '../components/PetitionTables';
import { REGION_LABELS } from '../lib/labels';

const options = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, l]) => ({ value, label: l }));

export default function PetitionPage() {
  const [regionCode, setRegionCode] = useState<string | undefined>(undefined);
  const [state, setState] = useState<string | undefined>(undefined);
  const [channel, setChannel] = useState<string | undefined>(undefined);
  const regions = Object.entries(REGION_LABELS);
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>信访维稳</Typography.Title>
      <Card title={<h3 style={{ margin: 0 }}>信访事项（按状态与办理时限）</h3>}>
        <Space wrap style={{ marginBottom: 12 }}>
          <label htmlFor="petition-region">地区</label>
          <Select
            id="petition-region"
            allowClear
            placeholder="全部"
            style={{ width: 150 }}
            value={regionCode}
            onChange={setRegionCode}
            options={regions.map(([value, l]) => ({ value, label: l }))}
          />
          <label htmlFor="petition-state">状态</label>
          <Select
            id="petition-state"
            allowClear
            placeholder="全部"
            style={{ width: 150 }}
            value={state}
            onChange={setState}
            options={options(PETITION_STATE_LABELS)}
          />
          <label htmlFor="petition-channel">方式</label>
          <Select
            id="petition-channel"
            allowClear
            placeholder="全部"
            style={{ width: 170 }}
            value={channel}
            onChange={setChannel}
            options={options(CHANNEL_LABELS)}
          />
        </Space>
        <PetitionTable filter={{ regionCode, state, channel }} showCase />
      </Card>
      <Card title={<h3 style={{ margin: 0 }}>走访与集体访</h3>} data-testid="group-visits">
        <PetitionTable filter={{ regionCode, channel: 'visit' }} showCase />
      </Card>
      <Card title={<h3 style={{ margin: 0 }}>各地区维稳措施</h3>}>
        <StabilizationTables showCase />
      </Card>
    </Space>
  );
}
