import type { vPermission } from '@/permissions/directive'

declare module 'vue' {
  interface GlobalDirectives {
    vPermission: typeof vPermission
  }
}

export {}
