// The petition bureau's lists (issue 12): petitions by state and clock, group visits among them, and the
// stabilization measures of each region — read models over the regions' tracks, not a scrape of events.
// Any user: each sees the petitions of the regions it reads (domain/access.ts readsEveryRegion).
import type { Db } from '../db/knex';
import {
  type PetitionChannel,
  type PetitionState,
  listPetitions,
  listStabilizationMeasures,
} from '../db/petitions.repository';
import { visibleRegionCodes } from '../domain/reference';
import { listPetitionsQuery, listStabilizationQuery } from './petitions.schemas';
import { type RouteDef, defineRoute } from './route';

interface Paged {
  page: number;
  pageSize: number;
  caseId?: string;
  regionCode?: string;
}

export function petitionRoutes(db: Db): RouteDef[] {
  return [
    defineRoute<unknown, Paged & { state?: PetitionState; channel?: PetitionChannel }>({
      method: 'get',
      path: '/api/petitions',
      summary:
        '信访事项：按状态与办理时限（信访工作条例第二十二、三十四、三十五条），可按地区、状态、方式筛选，分页',
      tag: 'petitions',
      access: 'authenticated',
      query: listPetitionsQuery,
      responseSchema: 'PetitionPage',
      handle: async ({ caller, query }) => ({
        ...(await listPetitions(db, { visibleRegions: visibleRegionCodes(caller.regionCode), ...query })),
        page: query.page,
        pageSize: query.pageSize,
      }),
    }),
    defineRoute<unknown, Paged>({
      method: 'get',
      path: '/api/stabilization-measures',
      summary: '维稳措施：各地区记录的措施（新者在前）及各地区善后维稳完成情况，分页',
      tag: 'petitions',
      access: 'authenticated',
      query: listStabilizationQuery,
      responseSchema: 'StabilizationMeasurePage',
      handle: async ({ caller, query }) => ({
        ...(await listStabilizationMeasures(db, {
          visibleRegions: visibleRegionCodes(caller.regionCode),
          ...query,
        })),
        page: query.page,
        pageSize: query.pageSize,
      }),
    }),
  ];
}
