/** Simplified Chinese text of report approval (one or two steps), what waits on the homes, and result drafts; `approval.en.ts` has the same keys. */
const approvalZhCN = {
  approvalMode: {
    one_step: '一步：审核通过即上报',
    two_step: '两步：审核通过后另行上报',
    approveAndSend: '审核通过并上报',
    confirmApproveAndSend: '审核通过「{unit}」的「{indicator}」，并上报给实施监控的职能部门核实？',
    approvedAndSent: '已审核通过并上报',
    oneStepIntro: '审核通过即上报给实施监控的职能部门核实，无需再点“上报”。',
    twoStepIntro: '本单位采用两步审核：审核通过后，还须点“上报”才送达职能部门。',
  },
  homeWork: {
    unitHeadIntroOneStep: '本单位填报员已提交、等待您审核的进度填报。审核通过即上报给监控部门核实。',
    unitHeadIntroTwoStep: '等待您处理的进度填报：已提交的请审核，已审核的请上报给监控部门核实。',
    unitHeadEmpty: '目前没有等待您审核或上报的填报。填报员提交后会显示在这里。',
    next: '待办',
    action: {
      SUBMITTED: '待审核',
      APPROVED: '待上报',
      REPORTED: '待核实',
    },
    count: {
      SUBMITTED: '待审核 {count} 项',
      APPROVED: '待上报 {count} 项',
      REPORTED: '待核实 {count} 项',
    },
  },
  resultDrafts: {
    draft: '草稿 · 未公布',
    system: '系统自动计算',
    draftNotice: '这是{who}的最新计算结果，尚未公布：领导与各单位看到的是已公布的结果。',
    systemWho: '系统在录入后自动计算',
    personWho: '{name}',
    noPublished: '尚未公布结果。',
    showSuperseded: '显示 {count} 个已被取代的草稿',
    hideSuperseded: '隐藏已被取代的草稿',
    superseded: '已被取代',
  },
}

export default approvalZhCN
