import { type Directive, type Ref, ref, watchEffect, type WatchStopHandle } from 'vue'
import { hasPermission, type PermissionRequirement } from './permission'

interface Binding {
  required: Ref<PermissionRequirement>
  stop: WatchStopHandle
  display: string
}

const bindings = new WeakMap<HTMLElement, Binding>()

/**
 * `v-permission="'score:write'"` hides the element unless the viewer holds the code.
 * It follows the viewer store, so elements appear once the viewer has loaded.
 */
export const vPermission: Directive<HTMLElement, PermissionRequirement> = {
  mounted(el, binding) {
    const required = ref(binding.value) as Ref<PermissionRequirement>
    const display = el.style.display
    const stop = watchEffect(() => {
      el.style.display = hasPermission(required.value) ? display : 'none'
    })
    bindings.set(el, { required, stop, display })
  },
  updated(el, binding) {
    const state = bindings.get(el)
    if (state && binding.value !== binding.oldValue) state.required.value = binding.value
  },
  unmounted(el) {
    bindings.get(el)?.stop()
    bindings.delete(el)
  },
}
