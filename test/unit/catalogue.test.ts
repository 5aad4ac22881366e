// Every catalogue edge, allowed and refused, for every role — checked against API.md's action table,
// written out here independently of domain/catalogue.ts.
import { refuseAction, type Caller } from '../../domain/access';
import { ACTION_NAMES, type ActionName } from '../../domain/catalogue';
import type { CasePhase, CaseState, Deadline, RegionState, Stage, Suspect } from '../../domain/case.types';
import { STAGES } from '../../domain/case.types';
import { newCaseState, newRegionState } from '../../domain/case.machine';
import { newAdministrativeState } from '../../domain/tracks/administrative.track';
import { ROLES, type Role } from '../../domain/reference';

const OPEN = STAGES.filter((s) => s !== 'closed');
const ADMIN: Stage[] = ['detection', 'early_warning'];
const REMEDY: Stage[] = ['police_filing', 'early_warning', 'asset_disposition'];
const FROM_FILING: Stage[] = ['police_filing', 'prosecution', 'trial', 'asset_disposition', 'stabilization'];
/** The remedies against a non-prosecution decision run once the region's phase has ended. */
const AFTER_DECISION: Stage[] = ['early_warning', 'asset_disposition', 'stabilization'];

/** API.md, "Actions": who, and from which stages. */
const TABLE: Record<
  ActionName,
  {
    roles: Role[];
    stages: readonly Stage[];
    lead?: boolean;
    /** Whose unit acts: the court above. */ acting?: string;
  }
> = {
  dismiss_lead: { roles: ['financial_office'], stages: ['detection'], lead: true },
  issue_warning: { roles: ['financial_office'], stages: ['detection'], lead: true },
  resolve_administratively: { roles: ['financial_office'], stages: ['early_warning'], lead: true },
  // 条例 第二十三条第二款: a referral needs no administrative finding (nor a warning) first.
  refer_to_police: { roles: ['financial_office'], stages: ['detection', 'early_warning'], lead: true },
  file_case: { roles: ['police'], stages: ['police_filing'] },
  decline_filing: { roles: ['police'], stages: ['police_filing'] },
  extend_filing_review: { roles: ['police'], stages: ['police_filing'] },
  request_arrest: { roles: ['police'], stages: ['police_filing'] },
  decide_arrest: { roles: ['procuratorate'], stages: ['police_filing', 'prosecution'] },
  extend_investigation_custody: { roles: ['procuratorate'], stages: ['police_filing'] },
  // Issue 13 (per-suspect custody): after filing only (公安程序规定 第一百七十四条第二款).
  register_suspect: { roles: ['police'], stages: ['police_filing'] },
  change_custody: { roles: ['police'], stages: ['police_filing'] },
  extend_detention: { roles: ['police'], stages: ['police_filing'] },
  request_arrest_reconsideration: { roles: ['police'], stages: ['police_filing'] },
  decide_arrest_reconsideration: { roles: ['procuratorate'], stages: ['police_filing'] },
  request_custody_extension: { roles: ['police'], stages: ['police_filing'] },
  record_custody_duty: { roles: ['police'], stages: ['police_filing', 'prosecution'] },
  execute_arrest: { roles: ['police'], stages: ['police_filing', 'prosecution'] },
  freeze_assets: { roles: ['police'], stages: FROM_FILING },
  // Issue 13: renewed by whoever holds the case at the stage (涉财产执行规定 第五条); the transition checks which.
  renew_freeze: { roles: ['police', 'procuratorate', 'court'], stages: FROM_FILING },
  release_freeze: { roles: ['police'], stages: FROM_FILING },
  transfer_for_prosecution: { roles: ['police'], stages: ['police_filing'] },
  return_for_supplementary_investigation: { roles: ['procuratorate'], stages: ['prosecution'] },
  extend_prosecution_review: { roles: ['procuratorate'], stages: ['prosecution'] },
  indict: { roles: ['procuratorate'], stages: ['prosecution'] },
  decline_prosecution: { roles: ['procuratorate'], stages: ['prosecution'] },
  extend_trial: { roles: ['court'], stages: ['trial'] },
  deliver_judgment: { roles: ['court'], stages: ['trial'] },
  file_appeal: { roles: ['court'], stages: ['trial'] },
  // The second instance, and an extension's approval, are the intermediate court's (刑诉法 第二百四十三条).
  deliver_final_judgment: { roles: ['court'], stages: ['trial'], acting: '532800' },
  receive_case: { roles: ['court'], stages: ['trial'] },
  postpone_for_supplementary_investigation: { roles: ['court'], stages: ['trial'] },
  apply_trial_extension: { roles: ['court'], stages: ['trial'] },
  decide_trial_extension: { roles: ['court'], stages: ['trial'], acting: '532800' },
  remand_for_retrial: { roles: ['court'], stages: ['trial'], acting: '532800' },
  transfer_property_execution: { roles: ['court'], stages: ['asset_disposition'] },
  extend_property_execution: { roles: ['court'], stages: ['asset_disposition'] },
  conclude_property_execution: { roles: ['court'], stages: ['asset_disposition'] },
  request_non_prosecution_reconsideration: { roles: ['police'], stages: AFTER_DECISION },
  decide_non_prosecution_reconsideration: { roles: ['procuratorate'], stages: AFTER_DECISION },
  request_non_prosecution_review: { roles: ['police'], stages: AFTER_DECISION },
  decide_non_prosecution_review: { roles: ['procuratorate'], stages: AFTER_DECISION, acting: '532800' },
  record_non_prosecution_appeal: { roles: ['procuratorate'], stages: AFTER_DECISION },
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
  hold_claim: { roles: ['financial_office'], stages: OPEN },
  release_claim_hold: { roles: ['financial_office'], stages: OPEN },
  log_petition: { roles: ['petition_bureau'], stages: OPEN },
  accept_petition: { roles: ['petition_bureau'], stages: OPEN },
  extend_petition_handling: { roles: ['petition_bureau'], stages: OPEN },
  answer_petition: { roles: ['petition_bureau'], stages: OPEN },
  request_petition_review: { roles: ['petition_bureau'], stages: OPEN },
  object_to_petition_remit: { roles: ['petition_bureau'], stages: OPEN },
  route_petition_to_legal_channel: { roles: ['petition_bureau'], stages: OPEN },
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
  // The administrative track of the Regulation (docs/decisions/0017): while no criminal phase holds the case.
  add_subjects: { roles: ['financial_office'], stages: OPEN, lead: true },
  open_investigation: { roles: ['financial_office'], stages: ADMIN, lead: true },
  record_investigation_measure: { roles: ['financial_office'], stages: ADMIN, lead: true },
  suspend_fundraising: { roles: ['financial_office'], stages: ADMIN, lead: true },
  make_finding: { roles: ['financial_office'], stages: ADMIN, lead: true },
  order_stop: { roles: ['financial_office'], stages: ADMIN, lead: true },
  seize_assets: { roles: ['financial_office'], stages: ADMIN, lead: true },
  extend_seizure: { roles: ['financial_office'], stages: OPEN, lead: true },
  release_seizure: { roles: ['financial_office'], stages: OPEN, lead: true },
  record_refund: { roles: ['financial_office'], stages: ADMIN, lead: true },
  complete_refund: { roles: ['financial_office'], stages: ADMIN, lead: true },
  impose_penalty: { roles: ['financial_office'], stages: ADMIN, lead: true },
  record_fine_payment: { roles: ['financial_office'], stages: ADMIN, lead: true },
  request_exit_restriction: { roles: ['financial_office'], stages: ADMIN, lead: true },
  record_exit_restriction_decision: { roles: ['financial_office'], stages: OPEN, lead: true },
  // Police intake and the refused filing's remedies (docs/decisions/0017).
  accept_police_report: { roles: ['police'], stages: ADMIN },
  reopen_filing: { roles: ['police'], stages: ['early_warning', 'police_filing', 'prosecution', 'trial'] },
  serve_non_filing_notice: { roles: ['police'], stages: REMEDY },
  request_filing_reconsideration: { roles: ['police'], stages: REMEDY },
  decide_filing_reconsideration: { roles: ['police'], stages: REMEDY },
  extend_filing_reconsideration: { roles: ['police'], stages: REMEDY },
  request_transfer_reconsideration: { roles: ['financial_office'], stages: REMEDY, lead: true },
  decide_transfer_reconsideration: { roles: ['police'], stages: REMEDY },
  request_filing_explanation: { roles: ['procuratorate'], stages: REMEDY },
  explain_non_filing: { roles: ['police'], stages: REMEDY },
  order_filing: { roles: ['procuratorate'], stages: REMEDY },
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

/** A suspect in the state the custody actions' preconditions need (issue 13). */
const suspectFor = (action: ActionName): Suspect => ({
  id: 's1',
  name: '张某',
  idNumber: null,
  custody: ['extend_investigation_custody', 'request_custody_extension', 'execute_arrest'].includes(action)
    ? 'arrested'
    : 'detained',
  custodySince: '2026-03-01T00:00:00Z',
  arrestPending: false,
  arrestRefusal:
    action === 'request_arrest_reconsideration'
      ? 'refused'
      : action === 'decide_arrest_reconsideration'
        ? 'reconsideration_pending'
        : null,
  extensionRequested: action === 'extend_investigation_custody' ? 'complex' : null,
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
  const at = '2026-03-01T00:00:00Z';
  const before = (...names: ActionName[]) => names.includes(action);
  const caseState: CaseState = {
    ...cs,
    // The administrative track as each of its actions needs it: investigated, found, ordered to stop.
    admin: {
      ...newAdministrativeState(1),
      investigation: before('open_investigation')
        ? null
        : { openedAt: at, measures: ['question'], suspended: false },
      finding: before(
        'open_investigation',
        'record_investigation_measure',
        'suspend_fundraising',
        'make_finding',
      )
        ? null
        : { at, illegal: true },
      stopOrderedAt: before('order_stop') ? null : at,
      seizures: [{ id: 's1', items: 'i', seizedAt: at, state: 'seized' }],
      refunds: [{ id: 'r1', source: 'fund_balance', amountFen: 1, payer: 'p', at }],
      penalties: [
        {
          id: 'p1',
          party: 'helper',
          name: 'n',
          amountFen: 2,
          paidFen: 0,
          decidedAt: at,
          creditRecorded: true,
        },
      ],
      exitRestrictions: [{ id: 'x1', personName: 'p', requestedAt: at, decision: 'pending' }],
    },
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
    filed: ![
      'file_case',
      'decline_filing',
      'extend_filing_review',
      'request_filing_explanation',
      'order_filing',
    ].includes(action),
    arrestPending: action === 'decide_arrest',
    trialInstance: ['deliver_final_judgment', 'remand_for_retrial'].includes(action) ? 2 : 1,
    trialExtensionApplied: action === 'decide_trial_extension' ? 'higher_court_approval' : null,
    outcome: action === 'transfer_property_execution' ? 'judgment_effective' : null,
    nonProsecution:
      action.endsWith('non_prosecution_reconsideration') ||
      action.endsWith('non_prosecution_review') ||
      action === 'record_non_prosecution_appeal'
        ? {
            type: 'discretionary',
            decidedAt: '2026-03-01T00:00:00Z',
            reconsideration:
              action === 'request_non_prosecution_reconsideration' ||
              action === 'record_non_prosecution_appeal'
                ? 'none'
                : action === 'decide_non_prosecution_reconsideration'
                  ? 'requested'
                  : 'upheld',
            review: action === 'decide_non_prosecution_review' ? 'requested' : 'none',
            appeals: [],
          }
        : null,
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
    suspects: [suspectFor(action)],
    deadlines: [
      ...(action === 'extend_investigation_custody' ? [running('INVESTIGATION_CUSTODY')] : []),
      ...(action === 'file_appeal' ? [running('APPEAL_WINDOW')] : []),
      ...([
        'extend_trial',
        'apply_trial_extension',
        'decide_trial_extension',
        'deliver_judgment',
        'postpone_for_supplementary_investigation',
      ].includes(action)
        ? [
            {
              ...running('FIRST_INSTANCE_TRIAL'),
              startedOn: '2026-03-02',
              baseDueOn: '2026-05-02',
              dueOn: '2026-05-06',
            },
          ]
        : []),
      ...(['deliver_final_judgment', 'remand_for_retrial'].includes(action)
        ? [running('SECOND_INSTANCE_TRIAL')]
        : []),
      ...(['extend_property_execution', 'conclude_property_execution'].includes(action)
        ? [running('PROPERTY_EXECUTION')]
        : []),
      ...(action === 'pause_deadline' ? [running('FILING_REVIEW')] : []),
      ...(action === 'record_custody_duty' ? [running('DETENTION_INTERROGATION')] : []),
      ...(action === 'serve_non_filing_notice' ? [running('FILING_DENIAL_NOTICE')] : []),
      ...(action === 'request_filing_reconsideration'
        ? [running('FILING_DENIAL_RECONSIDERATION_WINDOW')]
        : []),
      ...(action === 'decide_filing_reconsideration' || action === 'extend_filing_reconsideration'
        ? [running('FILING_DENIAL_RECONSIDERATION')]
        : []),
      ...(action === 'request_transfer_reconsideration'
        ? [running('TRANSFER_REFUSAL_RECONSIDERATION_WINDOW')]
        : []),
      ...(action === 'decide_transfer_reconsideration' ? [running('TRANSFER_RECONSIDERATION_DECISION')] : []),
      ...(action === 'explain_non_filing' ? [running('FILING_SUPERVISION_EXPLANATION')] : []),
      ...(action === 'resume_deadline'
        ? [{ ...running('FILING_REVIEW'), state: 'paused' as const, pausedOn: '2026-03-03' }]
        : []),
    ],
  };
  return { caseState, region, phase };
}

const refusal = (action: ActionName, role: Role, stage: Stage, regionCode = TABLE[action].acting ?? LEAD) => {
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
