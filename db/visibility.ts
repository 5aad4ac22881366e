// Who sees a case, stated once for every read (API.md: a case outside the caller's regions answers 404,
// lists and counts included). A case is visible when one of its regions is among the caller's visible
// regions, which domain/reference visibleRegionCodes derives (a prefecture sees its counties).
import type { Knex } from 'knex';

/** SQL condition on the case whose id is `caseIdColumn`; one binding: the visible region codes. */
export const visibleCaseSql = (caseIdColumn: string): string =>
  `EXISTS (SELECT 1 FROM case_regions v WHERE v.case_id = ${caseIdColumn} AND v.region_code = ANY(?::text[]))`;

/** The query restricted to cases visible from `visibleRegions`. */
export function whereCaseVisible<Q extends Knex.QueryBuilder>(
  q: Q,
  caseIdColumn: string,
  visibleRegions: readonly string[],
): Q {
  return q.whereRaw(visibleCaseSql(caseIdColumn), [[...visibleRegions]]) as Q;
}
