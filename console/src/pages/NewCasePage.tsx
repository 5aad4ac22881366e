// 立档 (financial office): the opening form is generated from the request schema of POST /api/cases in the
// served OpenAPI document — the schema the API validates with — so the form and the API agree on shape.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { Card, Typography } from 'antd';
import Form from '@rjsf/antd';
import { serverValidator as validator } from '../lib/server-validator';
import type { ErrorSchema } from '@rjsf/utils';
import { useState } from 'react';
import { api, ApiError, post } from '../api/client';
import type { Case } from '../api/types';
import { useAuth } from '../auth';
import { ProblemAlert } from '../components/ProblemAlert';
import { errorSchemaOf, formSchemaOf, uiSchemaOf } from '../lib/schema-form';

interface OpenApiDoc {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: object }> } }>>;
}

export default function NewCasePage() {
  const { me } = useAuth();
  const navigate = useNavigate();
  const doc = useQuery({
    queryKey: ['openapi'],
    queryFn: () => api<OpenApiDoc>('/api/openapi.json'),
    staleTime: Infinity,
  });
  const [formData, setFormData] = useState<Record<string, unknown>>({
    leadRegionCode: me?.regionCode,
    assistingRegionCodes: [],
    subjects: [],
  });
  const open = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      post<Case>('/api/cases', body, { headers: { 'idempotency-key': crypto.randomUUID() } }),
    onSuccess: (c) => void navigate(`/cases/${c.id}`),
  });
  const schemaDoc = doc.data?.paths['/api/cases']?.post?.requestBody?.content['application/json']?.schema;
  const schema = schemaDoc ? formSchemaOf(schemaDoc) : null;
  const problem = open.error instanceof ApiError ? open.error.problem : null;
  return (
    <>
      <Typography.Title level={2}>立档：开立案件</Typography.Title>
      <Card style={{ maxWidth: 860 }}>
        <ProblemAlert error={doc.error} />
        {open.error ? <ProblemAlert error={open.error} title="立档未被受理" /> : null}
        {schema && (
          <Form
            schema={schema}
            uiSchema={{
              ...uiSchemaOf(schema),
              occurredAt: { 'ui:widget': 'hidden' },
              'ui:submitButtonOptions': { submitText: '立档' },
            }}
            validator={validator}
            formData={formData}
            onChange={(e) => setFormData((e.formData ?? {}) as Record<string, unknown>)}
            extraErrors={errorSchemaOf(problem?.errors) as ErrorSchema}
            showErrorList={false}
            disabled={open.isPending}
            onSubmit={(e) => open.mutate((e.formData ?? {}) as Record<string, unknown>)}
          />
        )}
      </Card>
    </>
  );
}
