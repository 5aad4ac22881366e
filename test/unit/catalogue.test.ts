// Every catalogue edge, allowed and refused, for every role — checked against API.md's action table,
// written out here independently of domain/catalogue.ts.
import { refuseAction, type Caller } from '../../domain/access';
import { ACTION_NAMES, type ActionName } from '../../domain/catalogue';
import type { CasePhase, CaseState, Deadline, RegionState, Stage } from '../../domain/case.types';
import { STAGES } from '../../domain/case.types';
import { newCaseState, newRegionState } from '../../domain/case.machine';
import { ROLES, type Role } from '../../domain/reference';

const OPEN = STAGES.filter((s) => s !== 'closed');
const FROM_FILING: Stage[] = ['police_filing', 'prosecution', 'trial', 'asset_disposition', 'stabilization'];

/** API.md, "Actions": who, and from which stages. */
const TABLE: Record<ActionName, { roles: Role[]; stages: readonly Stage[]; lead?: boolean }> = {
  dismiss_lead: { roles: ['financial_office'], stages: ['detection'], lead: true },
  issue_warning: { roles: ['financial_office'], stages: ['detection'], lead: true },
  resolve_administratively: { roles: ['financial_office'], stages: ['early_warning'], lead: true },
  refer_to_police: { roles: ['financial_office'], stages: ['early_warning'], lead: true },
  file_case: { roles: ['police'], stages: ['police_filing'] },
  decline_filing: { roles: ['police'], stages: ['police_filing'] },
  extend_filing_review: { roles: ['police'], stages: ['police_filing'] },
  request_arrest: { roles: ['police'], stages: ['police_filing'] },
  decide_arrest: { roles: ['procuratorate'], stages: ['police_filing', 'prosecution'] },
  extend_investigation_custody: { roles: ['procuratorate'], stages: ['police_filing'] },
  freeze_assets: { roles: ['police'], stages: FROM_FILING },
  renew_freeze: { roles: ['police'], stages: FROM_FILING },
  release_freeze: { roles: ['police'], stages: FROM_FILING },
  transfer_for_prosecution: { roles: ['police'], stages: ['police_filing'] },
  return_for_supplementary_investigation: { roles: ['procuratorate'], stages: ['prosecution'] },
  extend_prosecution_review: { roles: ['procuratorate'], stages: ['prosecution'] },
  indict: { roles: ['procuratorate'], stages: ['prosecution'] },
  decline_prosecution: { roles: ['procuratorate'], stages: ['prosecution'] },
  extend_trial: { roles: ['court'], stages: ['trial'] },
  deliver_judgment: { roles: ['court'], stages: ['trial'] },
  file_appeal: { roles: ['court'], stages: ['trial'] },
  deliver_final_judgment: { roles: ['court'], stages: ['trial'] },
  pause_deadline: {
    roles: ['police', 'procuratorate', 'court'],
    stages: ['police_filing', 'prosecution', 'trial'],
  },
  resume_deadline: {
    roles: ['police', 'procuratorate', 'court'],
    stages: ['police_filing', 'prosecution', 'trial'],
  },
  approve_disposal_plan: { roles: ['financial_office'], stages: ['asset_disposition'], lead: true },
  record_asset_realization: {
    roles: ['court', 'financial_office'],
    stages: ['asset_disposition'],
    lead: true,
  },
  compute_refund_round: { roles: ['financial_office'], stages: ['asset_disposition'], lead: true },
  approve_refund_round: { roles: ['leader'], stages: ['asset_disposition'], lead: true },
  complete_disposition: { roles: ['financial_office'], stages: ['asset_disposition'], lead: true },
  confirm_claims: { roles: ['financial_office'], stages: OPEN },
  dispute_claim: { roles: ['financial_office'], stages: OPEN },
  resolve_claim: { roles: ['financial_office'], stages: OPEN },
  log_petition: { roles: ['petition_bureau'], stages: OPEN },
  accept_petition: { roles: ['petition_bureau'], stages: OPEN },
  extend_petition_handling: { roles: ['petition_bureau'], stages: OPEN },
  answer_petition: { roles: ['petition_bureau'], stages: OPEN },
  request_petition_review: { roles: ['petition_bureau'], stages: OPEN },
  record_stabilization_measure: { roles: ['petition_bureau', 'township'], stages: OPEN },
  conclude_stabilization: { roles: ['petition_bureau'], stages: ['stabilization'] },
  close_case: { roles: ['financial_office'], stages: ['stabilization'], lead: true },
  send_progress_bulletin: { roles: ['financial_office'], stages: OPEN, lead: true },
  add_region: {
    roles: ['financial_office'],
    stages: ['detection', 'early_warning', 'police_filing', 'prosecution', 'trial'],
    lead: true,
  },
  set_requirements: { roles: ['financial_office'], stages: OPEN, lead: true },
  // Any unit that issues notices, in any open stage; the API narrows it to the unit that issued the notice.
  issue_correction: {
    roles: ['financial_office', 'police', 'procuratorate', 'court', 'petition_bureau'],
    stages: OPEN,
  },
};

const LEAD = '532822';
const caller = (role: Role, regionCode = LEAD): Caller => ({
  userId: `u-${role}`,
  role,
  unitId: `${regionCode}-${role}`,
  regionCode,
});

const running = (rule: Deadline['rule']): Deadline => ({
  id: `d-${rule}`,
  rule,
  regionCode: LEAD,
  subjectId: null,
  responsibleRole: 'police',
  startedOn: '2026-03-02',
  baseDueOn: '2026-03-09',
  dueOn: '2026-03-09',
  rolledOverFrom: null,
  inCustody: false,
  state: 'running',
  extensions: [],
  pausedOn: null,
  endedAt: null,
  endedBy: null,
  missedAt: null,
  remindedAt: null,
  warnings: [],
});

/** A case and region in `stage`, with the facts each action's precondition needs. */
function ready(
  action: ActionName,
  stage: Stage,
): { caseState: CaseState; region: RegionState; phase: CasePhase } {
  const regional = stage === 'police_filing' || stage === 'prosecution' || stage === 'trial';
  const phase: CasePhase = regional ? 'regional' : stage;
  const cs = newCaseState(
    'c',
    '勐海打非〔2026〕1号',
    {
      title: 't',
      sector: 'other',
      leadRegionCode: LEAD,
      assistingRegionCodes: [],
      source: { kind: 'tip' },
      subjects: [],
    },
    '2026-03-01T00:00:00Z',
  );
  const caseState: CaseState = {
    ...cs,
    phase,
    disposalPlanApproved: ['complete_disposition', 'compute_refund_round', 'approve_refund_round'].includes(
      action,
    ),
    regions: cs.regions.map((r) => ({ ...r, stabilizationConcluded: true })),
  };
  const r0 = newRegionState('c', LEAD, 'lead', false, '2026-03-01T00:00:00Z');
  const region: RegionState = {
    ...r0,
    casePhase: phase,
    stage: regional ? stage : phase === 'detection' || phase === 'early_warning' ? 'pending' : 'ended',
    filed: !['file_case', 'decline_filing', 'extend_filing_review'].includes(action),
    arrestPending: action === 'decide_arrest',
    trialInstance: action === 'deliver_final_judgment' ? 2 : 1,
    freezes: [
      {
        id: 'f1',
        unitId: 'u1',
        frozenAt: '2026-03-01T00:00:00Z',
        assetKind: 'deposit',
        holderName: 'h',
        institution: 'i',
        accountNo: 'a',
        amountFen: 1,
        state: 'frozen',
        renewals: 0,
      },
    ],
    deadlines: [
      ...(action === 'extend_investigation_custody' ? [running('INVESTIGATION_CUSTODY')] : []),
      ...(action === 'file_appeal' ? [running('APPEAL_WINDOW')] : []),
      ...(action === 'pause_deadline' ? [running('FILING_REVIEW')] : []),
      ...(action === 'resume_deadline'
        ? [{ ...running('FILING_REVIEW'), state: 'paused' as const, pausedOn: '2026-03-03' }]
        : []),
    ],
  };
  return { caseState, region, phase };
}

const refusal = (action: ActionName, role: Role, stage: Stage, regionCode = LEAD) => {
  const { caseState, region, phase } = ready(action, stage);
  return (
    refuseAction(action, {
      caller: caller(role, regionCode),
      caseState,
      region,
      casePhase: phase,
      leadRegionCode: LEAD,
    })?.code ?? 'ALLOWED'
  );
};

test('When the catalogue is listed, then it holds exactly the actions of API.md (plus the extensions and petition steps)', () => {
  expect([...ACTION_NAMES].sort()).toEqual(Object.keys(TABLE).sort());
});

describe.each(Object.entries(TABLE) as [ActionName, (typeof TABLE)[ActionName]][])('%s', (action, spec) => {
  const stage = spec.stages[0];

  test.each([...ROLES])(
    'When a %s takes it in an allowed stage, then it is allowed only for the roles of API.md',
    (role) => {
      const expected = !spec.roles.includes(role) ? 'FORBIDDEN' : 'ALLOWED';
      expect(refusal(action, role, stage)).toBe(expected);
    },
  );

  test.each([...STAGES])(
    'When the case is in %s, then an allowed role is refused unless API.md lists that stage',
    (s) => {
      const role = spec.roles[0];
      const got = refusal(action, role, s);
      expect(got).toBe(spec.stages.includes(s) ? 'ALLOWED' : 'INVALID_TRANSITION');
    },
  );

  if (spec.lead) {
    test('When the office of an assisting region tries it, then it is forbidden (lead region only)', () => {
      expect(refusal(action, spec.roles[0], stage, '532801')).toBe('FORBIDDEN');
    });
  }
});

describe('preconditions', () => {
  const base = (action: ActionName, patch: Partial<RegionState>, stage: Stage = 'police_filing') => {
    const { caseState, region, phase } = ready(action, stage);
    return refuseAction(action, {
      caller: caller(TABLE[action].roles[0]),
      caseState,
      region: { ...region, ...patch },
      casePhase: phase,
      leadRegionCode: LEAD,
    });
  };
  test('When supplementary investigation has been used twice, then a third return is refused (刑诉法 art.175)', () => {
    expect(
      base('return_for_supplementary_investigation', { supplementaryRounds: 2 }, 'prosecution')?.message,
    ).toContain('二次');
  });
  test('When the prosecution review was extended once, then a second extension is refused', () => {
    expect(base('extend_prosecution_review', { prosecutionExtended: true }, 'prosecution')?.code).toBe(
      'INVALID_TRANSITION',
    );
  });
  test('When the region has filed, then declining to file is refused; when it has not, transfer is refused', () => {
    expect(base('decline_filing', { filed: true })?.code).toBe('INVALID_TRANSITION');
    expect(base('transfer_for_prosecution', { filed: false })?.code).toBe('INVALID_TRANSITION');
  });
  test('When no appeal window is running, then filing an appeal is refused', () => {
    expect(base('file_appeal', { deadlines: [] }, 'trial')?.code).toBe('INVALID_TRANSITION');
  });
  test('When a petition deadline is still running, then closing the case is refused', () => {
    const { caseState } = ready('close_case', 'stabilization');
    const busy = {
      ...caseState,
      regions: caseState.regions.map((r) => ({ ...r, runningPetitionDeadlines: 1 })),
    };
    const got = refuseAction('close_case', {
      caller: caller('financial_office'),
      caseState: busy,
      casePhase: 'stabilization',
      leadRegionCode: LEAD,
    });
    expect(got?.code).toBe('INVALID_TRANSITION');
  });
  test('When a police officer of another region acts on this region’s part, then it is forbidden', () => {
    const { caseState, region, phase } = ready('file_case', 'police_filing');
    const got = refuseAction('file_case', {
      caller: caller('police', '532801'),
      caseState,
      region,
      casePhase: phase,
      leadRegionCode: LEAD,
    });
    expect(got?.code).toBe('FORBIDDEN');
  });
});
