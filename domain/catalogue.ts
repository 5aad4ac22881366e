// The action catalogue: one source for the API's validation, the workflows' Update validators,
// allowedActions, GET /api/actions and the OpenAPI document. Each track's file (domain/tracks/) holds its
// actions' entries, payload shapes, schemas, preconditions and transitions; this file assembles them.
import type { ActionSpec } from './tracks/kernel';
import type { RegionState, Stage } from './case.types';
import { OPENING } from './tracks/opening.track';
import { REFERRAL } from './tracks/referral.track';
import { CUSTODY } from './tracks/custody.track';
import { ASSETS } from './tracks/assets.track';
import { PROSECUTION } from './tracks/prosecution.track';
import { TRIAL } from './tracks/trial.track';
import { CLOCKS } from './tracks/clocks.track';
import { DISPOSITION } from './tracks/disposition.track';
import { PETITIONS } from './tracks/petitions.track';
import { COORDINATION } from './tracks/coordination.track';
import { ADMINISTRATIVE } from './tracks/administrative.track';
import { INTAKE } from './tracks/intake.track';
import { CLAIMS } from './tracks/claims.track';

export type { ActionScope, ActionSpec, CheckContext, PayloadSchema } from './tracks/kernel';
export type * from './tracks/opening.track';
export type * from './tracks/referral.track';
export type * from './tracks/custody.track';
export type * from './tracks/assets.track';
export type * from './tracks/prosecution.track';
export type * from './tracks/trial.track';
export type * from './tracks/clocks.track';
export type * from './tracks/disposition.track';
export type * from './tracks/petitions.track';
export type * from './tracks/coordination.track';
export type * from './tracks/administrative.track';
export type * from './tracks/intake.track';
export type * from './tracks/claims.track';

export const ACTIONS = {
  ...OPENING,
  ...REFERRAL,
  ...CUSTODY,
  ...ASSETS,
  ...PROSECUTION,
  ...TRIAL,
  ...CLOCKS,
  ...DISPOSITION,
  ...PETITIONS,
  ...COORDINATION,
  ...ADMINISTRATIVE,
  ...INTAKE,
  ...CLAIMS,
} satisfies Record<string, Omit<ActionSpec, 'name'>>;

export type ActionName = keyof typeof ACTIONS;
export const ACTION_NAMES = Object.keys(ACTIONS) as ActionName[];
export const isActionName = (s: string): s is ActionName => Object.prototype.hasOwnProperty.call(ACTIONS, s);
export const actionSpec = (name: ActionName): ActionSpec => ({
  name,
  ...(ACTIONS[name] as Omit<ActionSpec, 'name'>),
});

/** The stage a regional action is judged against: the region's own stage in the regional phase, else the case's. */
export function effectiveStage(caseStage: Stage, region?: RegionState): Stage {
  if (region && region.casePhase === 'regional' && region.stage !== 'pending' && region.stage !== 'ended') {
    return region.stage;
  }
  return caseStage;
}
