import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createAppI18n } from '@/locales'
import { useViewerStore } from '@/stores/viewer'
import { fakeGraphQL, type Answer } from '@/testing/graphql'
import { testRouter } from '@/testing/router'
import { signedInViewer } from '@/testing/viewers'
import HomeView from '../index.vue'
import { assignment, report, SCHEMES } from './fixtures'
import { ROLE_PERMISSIONS } from './roles'

async function mountHome(role: string, answers: Record<string, Answer>, kind = 'user') {
  const fake = fakeGraphQL(answers)
  vi.stubGlobal('fetch', fake.fetch)
  useViewerStore().viewer = signedInViewer({
    kind,
    roles: kind === 'operator' ? [] : [role],
    permissions: [...(ROLE_PERMISSIONS[role] ?? [])],
    tenant: kind === 'operator' ? null : { code: 'jinfeng', name: '金凤区', level: 'DISTRICT' },
  })
  const wrapper = mount(HomeView, { global: { plugins: [createAppI18n('zh-CN'), testRouter()] } })
  await flushPromises()
  return { wrapper, fake }
}

const page = <T>(nodes: T[]) => ({ nodes, pageInfo: { hasNextPage: false } })

describe('home pages by viewer', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => vi.unstubAllGlobals())

  it('shows a reporter this period’s assignments with status colours, what to do first on top', async () => {
    const { wrapper, fake } = await mountHome('unit_reporter', {
      SchemesHome: SCHEMES,
      UnitWorkHome: {
        assignments: page([
          assignment({ id: 'a1', indicatorName: '招商引资到位资金', deadline: '2015-12-31' }),
          assignment({ id: 'a2', indicatorCode: 'A2', indicatorName: '安全生产', deadline: '2015-10-10' }),
        ]),
        progressReports: page([report({ assignmentId: 'a1', status: 'VERIFIED' })]),
        viewer: { reportApproval: 'ONE_STEP' },
      },
    })
    expect(wrapper.get('[data-testid="home"]').attributes('data-home')).toBe('reporter')
    // The demo scheme is of 2015: its last quarter is the one to show.
    expect(fake.sent.find((op) => op.name === 'UnitWorkHome')?.variables).toEqual({ schemeId: 'U2NoZW1lOjE=', period: 'Q4', statuses: null })
    const rows = wrapper.findAll('[data-testid="home-reporter-table"] tbody tr')
    expect(rows[0]?.text()).toContain('安全生产')
    expect(rows[0]?.find('[data-status="NONE"]').text()).toBe('未填报')
    expect(rows[0]?.find('[data-deadline="overdue"]').exists()).toBe(true)
    expect(rows[1]?.find('[data-status="VERIFIED"]').text()).toBe('已核实')
    expect(wrapper.get('[data-testid="home-reporter-todo"]').text()).toBe('待填报 1 项')
  })

  it('tells a unit head with nothing to approve what happens next', async () => {
    const { wrapper, fake } = await mountHome('unit_head', {
      SchemesHome: SCHEMES,
      UnitWorkHome: { assignments: page([assignment()]), progressReports: page([]), viewer: { reportApproval: 'ONE_STEP' } },
    })
    // What waits for a head: reports to approve, and approved ones still to send up.
    expect(fake.sent.find((op) => op.name === 'UnitWorkHome')?.variables.statuses).toEqual(['SUBMITTED', 'APPROVED'])
    expect(wrapper.get('[data-testid="home-unitHead-empty"]').text()).toContain('填报员提交后会显示在这里')
    expect(wrapper.get('[data-testid="home-unitHead"]').text()).toContain('审核通过即上报给监控部门核实')
  })

  it('shows a unit head in two-step mode the reports to approve and those to send up', async () => {
    const { wrapper } = await mountHome('unit_head', {
      SchemesHome: SCHEMES,
      UnitWorkHome: {
        assignments: page([
          assignment({ id: 'a1', indicatorName: '招商引资到位资金' }),
          assignment({ id: 'a2', indicatorCode: 'A2', indicatorName: '安全生产' }),
        ]),
        progressReports: page([
          report({ id: 'r1', assignmentId: 'a1', status: 'SUBMITTED' }),
          report({ id: 'r2', assignmentId: 'a2', status: 'APPROVED' }),
        ]),
        viewer: { reportApproval: 'TWO_STEP' },
      },
    })
    const panel = wrapper.get('[data-testid="home-unitHead"]')
    expect(panel.text()).toContain('已审核的请上报给监控部门核实')
    expect(wrapper.get('[data-testid="home-unitHead-counts"]').findAll('.el-tag').map((tag) => tag.text())).toEqual(['待审核 1 项', '待上报 1 项'])
    const rows = wrapper.findAll('[data-testid="home-unitHead-table"] tbody tr')
    const next = Object.fromEntries(rows.map((row) => [row.text().includes('安全生产') ? 'A2' : 'A1', row.get('[data-next]').text()]))
    expect(next).toEqual({ A1: '待审核', A2: '待上报' })
  })

  it('shows a monitoring department the reports to verify and the units to score', async () => {
    const { wrapper } = await mountHome('monitoring_dept', {
      SchemesHome: SCHEMES,
      UnitWorkHome: {
        assignments: page([assignment()]),
        progressReports: page([report({ status: 'REPORTED' })]),
        viewer: { reportApproval: 'ONE_STEP' },
      },
      ScoringHome: {
        scoringWorkbench: page([
          { unitCode: 'liangtian', unitName: '良田镇', indicatorCode: 'A1', indicatorName: '招商', scorer: 'fagaiju', score: null },
        ]),
      },
    })
    expect(wrapper.get('[data-testid="home-monitoring-table"]').text()).toContain('招商引资到位资金')
    expect(wrapper.get('[data-testid="home-monitoring-counts"]').text()).toBe('待核实 1 项')
    expect(wrapper.get('[data-testid="home-scoring-table"]').text()).toContain('良田镇')
  })

  it('shows a scoring leader with no scheme yet what to wait for', async () => {
    const { wrapper } = await mountHome('scoring_leader', { SchemesHome: { appraisalSchemes: [] } })
    expect(wrapper.get('[data-testid="home-scoring-empty"]').text()).toContain('考评办发布方案后')
  })

  it('shows the office late items, runs to review and the monitoring matrix', async () => {
    const { wrapper } = await mountHome('office', {
      SchemesHome: SCHEMES,
      MonitoringHome: {
        supervisionSummary: {
          today: '2015-12-25', due: '2015-12-20', total: 2, green: 1, yellow: 0, red: 1, none: 0,
          overdue: 1, missing: 1, reported: 1, verified: 1, scored: 0,
        },
        supervisionBoard: page([
          { assignmentId: 'a1', unitCode: 'liangtian', unitName: '良田镇', indicatorCode: 'A1', indicatorName: '固定资产投资完成率', due: '2015-12-20', reportStatusLabel: null, light: 'RED', lightLabel: '红灯', why: '逾期未报', overdue: true, missing: true, reported: false, verified: false, scored: false },
          { assignmentId: 'a2', unitCode: 'fengdeng', unitName: '丰登镇', indicatorCode: 'A1', indicatorName: '固定资产投资完成率', due: '2015-12-20', reportStatusLabel: '已核实', light: 'GREEN', lightLabel: '绿灯', why: '', overdue: false, missing: false, reported: true, verified: true, scored: false },
        ]),
      },
      RunsHome: {
        resultRuns: {
          nodes: [
            { id: 'r1', schemeCode: 'jinfeng-2015', period: 'Q4', periodLabel: '第四季度', status: 'DRAFT', statusLabel: '待审核', provisional: true, newest: true, computedAt: '2015-12-31T00:00:00+00:00' },
            { id: 'r2', schemeCode: 'jinfeng-2015', period: 'ANNUAL', periodLabel: '全年', status: 'PUBLISHED', statusLabel: '已公布', provisional: false, newest: true, computedAt: '2015-12-31T00:00:00+00:00' },
          ],
        },
      },
    })
    const late = wrapper.get('[data-testid="home-late-table"]').text()
    expect(late).toContain('良田镇')
    expect(late).not.toContain('丰登镇')
    expect(wrapper.get('[data-testid="home-matrix-summary"]').text()).toContain('1/2已核实')
    expect(wrapper.get('[data-testid="home-matrix-table"]').text()).toContain('丰登镇')
    // The runs are asked for once the schemes are in: under load, after more than one flush.
    await vi.waitFor(() => expect(wrapper.get('[data-testid="home-runs-office"]').text()).toContain('第四季度'))
    const runs = wrapper.get('[data-testid="home-runs-office"]').text()
    expect(runs).not.toContain('全年')
    expect(wrapper.find('[data-testid="home-monitoring-matrix"]').exists()).toBe(true)
  })

  it('shows the leadership group the top of each group and the results to approve', async () => {
    const { wrapper } = await mountHome('leadership', {
      SchemesHome: SCHEMES,
      LeadershipHome: {
        rankings: {
          run: { periodLabel: '全年', statusLabel: '已公布', computedAt: '2015-12-31T00:00:00Z' },
          groups: [
            {
              code: 'towns',
              name: '镇街组',
              units: ['上海西路街道', '良田镇', '丰登镇', '满城北街街道'].map((unitName, index) => ({
                unitCode: `u${index}`,
                unitName,
                total: String(90 - index),
                rank: index + 1,
                grade: index < 2 ? '一等奖' : '二等奖',
              })),
            },
          ],
        },
      },
      RunsHome: { resultRuns: { nodes: [] } },
    })
    // The rankings are asked for once the schemes are in: under load, after more than one flush.
    await vi.waitFor(() => expect(wrapper.get('[data-testid="home-top-rankings"]').text()).toContain('上海西路街道'))
    const top = wrapper.get('[data-testid="home-top-rankings"]').text()
    expect(top).toContain('丰登镇')
    expect(top).not.toContain('满城北街街道')
    expect(wrapper.get('[data-testid="home-runs-leadership-empty"]').text()).toContain('目前没有需要审定的结果')
  })

  it('shows a platform operator the tenants by status', async () => {
    const { wrapper } = await mountHome(
      'platform_operator',
      {
        OperatorHome: {
          tenants: page([
            { code: 'yinchuan', name: '银川市', level: 'CITY', status: 'ACTIVE', createdAt: '2015-01-01T00:00:00Z', parent: null },
            { code: 'jinfeng', name: '金凤区', level: 'DISTRICT', status: 'SUSPENDED', createdAt: '2015-01-01T00:00:00Z', parent: { code: 'yinchuan' } },
          ]),
        },
      },
      'operator',
    )
    expect(wrapper.get('[data-testid="home"]').attributes('data-home')).toBe('operator')
    expect(wrapper.get('[data-testid="home-operator"]').text()).toContain('租户总数')
    expect(wrapper.get('[data-testid="home-operator"]').text()).toContain('区级：1')
  })

  it('says what failed and offers to retry', async () => {
    const { wrapper } = await mountHome('unit_reporter', {})
    expect(wrapper.get('[data-testid="home-reporter-error"]').text()).toContain('加载失败')
  })

  it('keeps the welcome page for the audit administrator, with no request', async () => {
    const { wrapper, fake } = await mountHome('audit_admin', {})
    expect(wrapper.find('[data-testid="welcome-card"]').exists()).toBe(true)
    expect(fake.sent).toEqual([])
  })
})
