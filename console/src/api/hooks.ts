// Reference data every page shares, fetched once per session.
import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { ActionSpec, DeadlineRule } from './types';

export const useActionCatalogue = () =>
  useQuery({ queryKey: ['actions'], queryFn: () => api<ActionSpec[]>('/api/actions'), staleTime: Infinity });

export const useDeadlineRules = () =>
  useQuery({
    queryKey: ['deadline-rules'],
    queryFn: () => api<DeadlineRule[]>('/api/deadline-rules'),
    staleTime: Infinity,
  });

export const byKey = <T, K extends keyof T>(items: T[] | undefined, key: K): Map<T[K], T> =>
  new Map((items ?? []).map((i) => [i[key], i]));
