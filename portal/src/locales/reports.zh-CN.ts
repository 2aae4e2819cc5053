/** Simplified Chinese text of the PDF reports on the results page; `reports.en.ts` has the same keys. */
const reportsZhCN = {
  reports: {
    generate: '生成PDF',
    notice: '考评结果通报',
    cards: '考评报告单（全部可查看单位）',
    ownCard: '本单位考评报告单',
    bonus: '绩效奖金表',
    title: 'PDF 报告',
    drawerTitle: 'PDF 报告：{run}',
    empty: '尚未生成报告',
    name: '报告',
    status: '状态',
    progress: '进度',
    pages: '{count} 页',
    requestedBy: '申请人',
    createdAt: '申请时间',
    download: '下载',
    queued: '已提交，正在后台生成，完成后可在下方下载',
    failed: '生成失败：{error}',
  },
}

export default reportsZhCN
