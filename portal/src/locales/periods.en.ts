import type periodsZhCN from './periods.zh-CN'

/** English text of the periods panel and late reports (same keys as `periods.zh-CN.ts`). */
const periodsEn: typeof periodsZhCN = {
  periodPanel: {
    tab: 'Periods',
    intro:
      'Set each period’s report, verification and scoring deadlines. Once a period is closed, nothing of it can be entered until it is reopened.',
    period: 'Period',
    state: 'State',
    reportDue: 'Reports due',
    verifyDue: 'Verification due',
    scoreDue: 'Scoring due',
    reports: 'Reports',
    reportsCount: 'Sent up {sent} / {expected}',
    lateCount: 'Late {count}',
    closedInfo: 'Closed {at} by {by}: {reason}',
    save: 'Save deadlines',
    saved: 'Deadlines saved',
    close: 'Close period',
    reopen: 'Reopen',
    closeTitle: 'Close “{name}”',
    reopenTitle: 'Reopen “{name}”',
    closeHint: 'Once closed, no report, verification or score of this period can be entered or changed until the office reopens it.',
    reopenHint: 'Reopened, the period takes reports, verifications and scores again; this is logged.',
    reason: 'Reason',
    reasonPlaceholder: 'Why (kept in the audit log)',
    reasonRequired: 'Please give a reason',
    closedDone: '“{name}” closed',
    reopenedDone: '“{name}” reopened',
    pickDate: 'Pick a date',
    readOnly: 'Only the evaluation office can change deadlines and close periods.',
    schemeClosed: 'The scheme is closed; its periods cannot change.',
    empty: 'The scheme has no periods yet',
  },
  lateReport: {
    tag: 'Late',
    hint: 'Saved or submitted after the period’s report deadline',
  },
  lateSetting: {
    mark: 'Accept and mark late',
    refuse: 'Refuse',
  },
}

export default periodsEn
