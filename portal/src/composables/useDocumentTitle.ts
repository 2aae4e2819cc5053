import { watchEffect } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRoute } from 'vue-router'

/** Keep the browser tab's title as "page - platform" in the current language. */
export function useDocumentTitle(): void {
  const { t } = useI18n()
  const route = useRoute()
  watchEffect(() => {
    const platform = t('app.name')
    const page = route.meta.titleKey
    document.title = page ? `${t(page)} - ${platform}` : platform
  })
}
