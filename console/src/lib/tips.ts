// Tip states in words (domain/tips.ts TIP_STATES), shared by the officers' 举报线索 page and the public lookup.
export const TIP_STATE_LABELS: Record<string, string> = {
  received: '待核查',
  lead: '已转为线索',
  closed: '已结案',
};
