import type supportZhCN from './support.zh-CN'

/** English text of operators' support access; the same keys as `support.zh-CN.ts`. */
const supportEn: typeof supportZhCN = {
  support: {
    menu: 'Support access',
    title: 'Support access',
    intro:
      'Platform operators see none of your appraisal data. To look into a problem, grant one operator read-only access for a limited time (72 hours at most); they can change nothing, every read is recorded in your audit log, and a revocation takes effect at once.',
    grant: 'Grant access',
    operator: 'Operator',
    operatorUsername: 'Operator username',
    operatorHint: 'The platform operator’s sign-in name, as they give it',
    hours: 'Duration (hours)',
    hoursHint: '1–72 hours; it ends by itself',
    reason: 'Reason',
    reasonHint: 'The ticket number, the problem to look into (4–500 characters)',
    grantedAt: 'Granted',
    grantedBy: 'Granted by',
    expiresAt: 'Valid until',
    status: 'Status',
    live: 'Active',
    revoked: 'Revoked',
    expired: 'Expired',
    revoke: 'Revoke',
    confirmRevoke: 'Revoke the access of “{name}”? Their next request is refused.',
    revokedDone: 'Access revoked',
    granted: '“{name}” may read until {until}',
    empty: 'No grants yet',
    activity: 'Activity',
    activityTitle: 'Activity of “{name}”',
    activityIntro: 'Every read the operator made under this grant, and every change tried and refused (from your audit log).',
    activityEmpty: 'Nothing was read under this grant',
    at: 'Time',
    read: 'Read',
    refusedChange: 'Change (refused)',
    what: 'What',
    address: 'From',
    mine: {
      menu: 'My support grants',
      title: 'My support grants',
      intro: 'Read-only access granted to you by governments’ security admins. Inside you can only read; each read is recorded in that government’s audit log.',
      tenant: 'Government',
      enter: 'Enter read-only',
      empty: 'No government has granted you access',
    },
    banner: 'Support: reading “{name}” read-only until {until}. Every read is recorded in its audit log.',
    leave: 'Leave',
    ended: 'Support access to “{name}” ended: {reason}',
  },
}

export default supportEn
