/**
 * A `.graphql` file holds a domain's operations and fragments; the server gets only the one
 * operation asked for plus the fragments it spreads (its token limit counts the whole text).
 */

interface Definition {
  kind: 'operation' | 'fragment'
  name: string
  text: string
}

/** Split a document into its top-level definitions (comments and strings are not expected). */
export function definitions(document: string): Definition[] {
  const found: Definition[] = []
  let depth = 0
  let start = -1
  for (let i = 0; i < document.length; i += 1) {
    const char = document[i]
    if (char === '#') {
      // A comment runs to the end of the line.
      const end = document.indexOf('\n', i)
      i = end < 0 ? document.length : end
      continue
    }
    if (depth === 0 && start < 0 && /\S/.test(char ?? '')) start = i
    if (char === '{') depth += 1
    if (char === '}') {
      depth -= 1
      if (depth === 0 && start >= 0) {
        const text = document.slice(start, i + 1).trim()
        const head = /^(query|mutation|subscription|fragment)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(text)
        if (head?.[1] && head[2]) {
          found.push({ kind: head[1] === 'fragment' ? 'fragment' : 'operation', name: head[2], text })
        }
        start = -1
      }
    }
  }
  return found
}

/** The text of one named operation with every fragment it uses, directly or not. */
export function pickOperation(document: string, name: string): string {
  const all = definitions(document)
  const operation = all.find((definition) => definition.kind === 'operation' && definition.name === name)
  if (!operation) throw new Error(`operation ${name} is not in the document`)
  const fragments = new Map(all.filter((d) => d.kind === 'fragment').map((d) => [d.name, d]))
  const used: Definition[] = []
  const queue = [operation]
  while (queue.length > 0) {
    const current = queue.shift()!
    for (const match of current.text.matchAll(/\.\.\.\s*([_A-Za-z][_0-9A-Za-z]*)/g)) {
      const fragment = fragments.get(match[1] ?? '')
      if (fragment && !used.includes(fragment)) {
        used.push(fragment)
        queue.push(fragment)
      }
    }
  }
  return [operation, ...used].map((definition) => definition.text).join('\n')
}

/** `operations(raw)('SignIn')`: memoised picking from one file. */
export function operations(document: string): (name: string) => string {
  const cache = new Map<string, string>()
  return (name) => {
    let text = cache.get(name)
    if (text === undefined) {
      text = pickOperation(document, name)
      cache.set(name, text)
    }
    return text
  }
}
