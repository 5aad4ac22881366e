// GET /api/dashboard: leaders and leading-group offices (DOMAIN.md: leaders read dashboards, overdue
// items and cross-region coordination). Other roles are refused by the declared access.
import type { DashboardService } from './dashboard.service';
import { type DashboardQuery, dashboardQuery } from './dashboard.schemas';
import { type RouteDef, defineRoute } from './route';

export function dashboardRoutes(service: DashboardService): RouteDef[] {
  return [
    defineRoute<unknown, DashboardQuery>({
      method: 'get',
      path: '/api/dashboard',
      summary: '协调看板：阶段 × 地区案件数、按责任单位的逾期期限、跨区域案件各地区进度与卡点',
      tag: 'dashboard',
      access: ['leader', 'financial_office'],
      query: dashboardQuery,
      responseSchema: 'Dashboard',
      handle: ({ caller, query }) => service.dashboard(caller, query),
    }),
  ];
}
