import type reportsZhCN from './reports.zh-CN'

/** English text of the PDF reports on the results page; the same keys as `reports.zh-CN.ts`. */
const reportsEn: typeof reportsZhCN = {
  reports: {
    generate: 'Make PDF',
    notice: 'Results notice',
    cards: 'Report cards (every unit you may read)',
    ownCard: "Your unit's report card",
    bonus: 'Bonus table',
    title: 'PDF reports',
    drawerTitle: 'PDF reports: {run}',
    empty: 'No report yet',
    name: 'Report',
    status: 'Status',
    progress: 'Progress',
    pages: '{count} pages',
    requestedBy: 'Asked by',
    createdAt: 'Asked at',
    download: 'Download',
    queued: 'Asked for: it is being made in the background and can be downloaded below when done',
    failed: 'Failed: {error}',
  },
}

export default reportsEn
