import { onBeforeUnmount, ref, type Ref } from 'vue'

/** Below this width the side menu becomes a drawer. */
export const MOBILE_QUERY = '(max-width: 767.98px)'

/** Whether the window is phone-sized; follows resizes. */
export function useIsMobile(): Ref<boolean> {
  const media = globalThis.matchMedia?.(MOBILE_QUERY)
  const isMobile = ref(media?.matches ?? false)
  const onChange = (event: MediaQueryListEvent) => {
    isMobile.value = event.matches
  }
  media?.addEventListener('change', onChange)
  onBeforeUnmount(() => media?.removeEventListener('change', onChange))
  return isMobile
}
