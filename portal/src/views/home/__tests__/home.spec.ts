import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { GraphQLRequestError } from '@/api/client'
import { createAppI18n } from '@/locales'
import { useViewerStore } from '@/stores/viewer'
import { testRouter } from '@/testing/router'
import { anonymousViewer, signedInViewer } from '@/testing/viewers'
import HomeView from '../index.vue'

const mountHome = () => mount(HomeView, { global: { plugins: [createAppI18n('zh-CN'), testRouter()] } })

describe('home page', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('says what the system does and asks a visitor to sign in', () => {
    useViewerStore().viewer = anonymousViewer()
    const wrapper = mountHome()
    expect(wrapper.text()).toContain('欢迎使用绩效考评平台')
    expect(wrapper.text()).toContain('季度在线考评')
    expect(wrapper.find('[data-testid="sign-in-hint"]').text()).toContain('您尚未登录')
    expect(wrapper.find('[data-testid="home-sign-in"]').text()).toBe('立即登录')
  })

  it('greets a signed-in user with their tenant and roles instead', () => {
    useViewerStore().viewer = signedInViewer({ roles: ['office', 'finance'] })
    const wrapper = mountHome()
    expect(wrapper.find('[data-testid="sign-in-hint"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="greeting"]').text()).toBe('张三，您好。当前单位：金凤区。')
    expect(wrapper.get('[data-testid="home-roles"]').text()).toBe('您的角色：考评办、财政局')
  })

  it('shows why the viewer could not be loaded, with the request id to quote', () => {
    useViewerStore().error = new GraphQLRequestError('服务暂不可用', { kind: 'graphql', requestId: 'req-9' })
    const text = mountHome().text()
    expect(text).toContain('无法获取登录信息：服务暂不可用')
    expect(text).toContain('请求编号：req-9')
  })
})
