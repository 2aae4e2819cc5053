import type { SchemeStatus } from '@/api/schemes'
import type { TagType } from '@/utils/results'

export function schemeStatusTagType(status: SchemeStatus): TagType {
  switch (status) {
    case 'DRAFT':
      return 'info'
    case 'APPROVED':
      return 'primary'
    case 'PUBLISHED':
      return 'success'
    default:
      return 'warning'
  }
}
