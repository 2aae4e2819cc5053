import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { i18n } from './locales'
import { vPermission } from './permissions/directive'
import { createAppRouter } from './router'
import { useViewerStore } from './stores/viewer'
import './styles/main.css'

const app = createApp(App)
app.use(createPinia())
app.use(i18n)
app.use(createAppRouter())
app.directive('permission', vPermission)

document.documentElement.lang = i18n.global.locale.value
void useViewerStore().load()

app.mount('#app')
