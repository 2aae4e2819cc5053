// Runs before every test file (vitest `setupFiles`). Most files share their worker's module
// graph and page (vitest.config.ts): what one file leaves behind, the next must not see.
import { beforeAll, vi } from 'vitest'

// The page's address in every test (vitest.config.ts `environmentOptions`).
const PAGE_URL = 'http://localhost:3000/'

function clearCookies(): void {
  for (const pair of document.cookie.split(';')) {
    const name = pair.split('=')[0]?.trim()
    if (!name) continue
    // Only cookies of the path `/` can be named from here: a file that sets one on another
    // path removes it itself.
    document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`
  }
}

beforeAll(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
  vi.unstubAllEnvs()
  vi.restoreAllMocks()
  clearCookies()
  localStorage.clear()
  sessionStorage.clear()
  document.head.querySelectorAll('style').forEach((node) => node.remove())
  document.body.innerHTML = ''
  document.title = ''
  // A file that left the page at another address (about:blank has no cookies at all) moves it back.
  const page = (window as unknown as { happyDOM?: { setURL(url: string): void } }).happyDOM
  if (location.href !== PAGE_URL) page?.setURL(PAGE_URL)
})
