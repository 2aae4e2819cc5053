import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { routes } from '@/router'

/** The portal's routes on an in-memory history, without the guards (tests add them when they need them). */
export function testRouter(): Router {
  return createRouter({ history: createMemoryHistory(), routes })
}
