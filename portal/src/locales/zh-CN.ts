/** Simplified Chinese UI text, the default language; `en.ts` must have the same keys. */
const zhCN = {
  app: {
    name: '绩效考评平台',
  },
  header: {
    notSignedIn: '未登录',
    language: '切换语言',
    toggleMenu: '展开或收起菜单',
  },
  menu: {
    home: '首页',
  },
  tenantLevel: {
    CITY: '市级',
    DISTRICT: '区级',
    COUNTY: '县级',
  },
  home: {
    title: '欢迎使用绩效考评平台',
    intro:
      '本平台支持政府部门、镇和街道的年度绩效考评与季度在线考评：考评办制定方案和指标体系，指标分解到各考评对象，考评对象在线填报进度并上传佐证材料，职能部门核实、赋分和明查暗访，系统按规则计算得分、排名与等次，结果公示后考评对象可以提出申诉。',
    features: {
      scheme: '考评方案与指标体系',
      progress: '任务分解与进度填报',
      scoring: '核实、赋分与督查督办',
      results: '计算、排名、公示与申诉',
    },
    signInHint: '您尚未登录。请使用本单位分配的账号登录后，查看考评任务、进度和结果。',
    welcomeBack: '{name}，您好。当前单位：{tenant}。',
    greeting: '{name}，您好。',
    loadFailed: '无法获取登录信息：{message}',
    requestId: '请求编号：{id}',
  },
  notFound: {
    title: '页面不存在',
    subtitle: '您访问的页面不存在或已被移除，请检查地址是否正确。',
    backHome: '返回首页',
  },
  locale: {
    'zh-CN': '简体中文',
    en: 'English',
  },
}

export default zhCN
