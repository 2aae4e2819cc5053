/** Simplified Chinese text of the 考评期间 panel and late reports; `periods.en.ts` has the same keys. */
const periodsZhCN = {
  periodPanel: {
    tab: '考评期间',
    intro: '设置每个期间的填报、核实、评分截止日；关闭期间后，该期间的填报、核实、评分等一律不能再录入，直至重新开放。',
    period: '期间',
    state: '状态',
    reportDue: '填报截止日',
    verifyDue: '核实截止日',
    scoreDue: '评分截止日',
    reports: '上报情况',
    reportsCount: '已上报 {sent} / {expected}',
    lateCount: '逾期 {count}',
    closedInfo: '{at} 由 {by} 关闭：{reason}',
    save: '保存截止日',
    saved: '截止日已保存',
    close: '关闭期间',
    reopen: '重新开放',
    closeTitle: '关闭「{name}」',
    reopenTitle: '重新开放「{name}」',
    closeHint: '关闭后，该期间的进度填报、核实、评分等都不能再录入或修改，直至考评办重新开放。',
    reopenHint: '重新开放后，该期间可以再次填报、核实和评分；操作会记入日志。',
    reason: '原因',
    reasonPlaceholder: '请说明原因（将记入日志）',
    reasonRequired: '请填写原因',
    closedDone: '「{name}」已关闭',
    reopenedDone: '「{name}」已重新开放',
    pickDate: '选择日期',
    readOnly: '只有考评办可以修改截止日和关闭期间。',
    schemeClosed: '方案已关闭，期间不能再修改。',
    empty: '方案尚未设置考评周期',
  },
  lateReport: {
    tag: '逾期上报',
    hint: '保存或提交时已过本期填报截止日',
  },
  lateSetting: {
    mark: '接收并标记逾期',
    refuse: '不予接收',
  },
}

export default periodsZhCN
