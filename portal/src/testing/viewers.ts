import { anonymousViewer, type Viewer } from '@/api/viewer'

/** A signed-in Jinfeng user for tests; override what the test is about. */
export function signedInViewer(overrides: Partial<Viewer> = {}): Viewer {
  return {
    ...anonymousViewer(),
    authenticated: true,
    kind: 'user',
    username: 'zhangsan',
    displayName: '张三',
    tenant: { code: 'jinfeng', name: '金凤区', level: 'DISTRICT' },
    ...overrides,
  }
}

export { anonymousViewer }
