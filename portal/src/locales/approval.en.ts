import type approvalZhCN from './approval.zh-CN'

/** English text of report approval, what waits on the homes, and result drafts (same keys as `approval.zh-CN.ts`). */
const approvalEn: typeof approvalZhCN = {
  approvalMode: {
    one_step: 'One step: approval sends it up',
    two_step: 'Two steps: approve, then send up',
    approveAndSend: 'Approve and send up',
    confirmApproveAndSend: 'Approve “{indicator}” of “{unit}” and send it up to the monitoring department for verification?',
    approvedAndSent: 'Approved and sent up',
    oneStepIntro: 'Approving sends the report up to the monitoring department at once; there is no separate “Send up”.',
    twoStepIntro: 'Your district approves in two steps: after approving, “Send up” delivers the report to the monitoring department.',
  },
  homeWork: {
    unitHeadIntroOneStep: 'Reports your unit’s reporters submitted, waiting for your approval. Approving sends them up for verification.',
    unitHeadIntroTwoStep: 'Reports waiting for you: approve the submitted ones, send the approved ones up for verification.',
    unitHeadEmpty: 'Nothing waits for your approval or sending up. Submitted reports will show here.',
    next: 'To do',
    action: {
      SUBMITTED: 'To approve',
      APPROVED: 'To send up',
      REPORTED: 'To verify',
    },
    count: {
      SUBMITTED: '{count} to approve',
      APPROVED: '{count} to send up',
      REPORTED: '{count} to verify',
    },
  },
  resultDrafts: {
    draft: 'Draft · not published',
    system: 'Computed by the system',
    draftNotice: 'This is the newest computation ({who}), not yet published: leaders and units see the published result.',
    systemWho: 'by the system after an entry',
    personWho: '{name}',
    noPublished: 'No result has been published yet.',
    showSuperseded: 'Show {count} superseded drafts',
    hideSuperseded: 'Hide superseded drafts',
    superseded: 'Superseded',
  },
}

export default approvalEn
