import { afterEach, describe, expect, it, vi } from 'vitest'
import { waitForImport, type SchemeImportJob } from '../schemes'

function job(status: SchemeImportJob['status'], stage: string, done: number): SchemeImportJob {
  return {
    id: 'job-1',
    kind: 'scheme',
    status,
    stage,
    done,
    total: 10,
    schemeCode: status === 'SUCCEEDED' ? 'city-2015' : null,
    replaced: false,
    counts: [],
    issues: [],
    errors: [],
  }
}

afterEach(() => vi.unstubAllGlobals())

describe('waitForImport', () => {
  it('polls the job until it is done, reporting each state seen', async () => {
    const answers = [job('RUNNING', 'writing', 5), job('SUCCEEDED', 'done', 10)]
    const fetchImpl = vi.fn(async () => {
      const next = answers.shift()
      return new Response(JSON.stringify({ data: { schemeImportJob: next } }), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      })
    })
    vi.stubGlobal('fetch', fetchImpl)
    const seen: string[] = []
    const last = await waitForImport(
      job('QUEUED', 'queued', 0),
      (state) => seen.push(`${state.stage} ${state.done}`),
      async () => {},
    )
    expect(last.status).toBe('SUCCEEDED')
    expect(seen).toEqual(['queued 0', 'writing 5', 'done 10'])
    expect(fetchImpl).toHaveBeenCalledTimes(2)
  })
})
