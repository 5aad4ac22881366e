import { useParams } from 'react-router';
import { Card, Typography } from 'antd';
import { JobProgress } from '../components/JobProgress';

export default function JobPage() {
  const { id = '' } = useParams();
  return (
    <>
      <Typography.Title level={2}>任务进度</Typography.Title>
      <Card>
        <JobProgress jobId={id} />
      </Card>
    </>
  );
}
