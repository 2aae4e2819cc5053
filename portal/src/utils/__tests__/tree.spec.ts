import { describe, expect, it } from 'vitest'
import { buildTree, moveTarget } from '../tree'

const node = (id: string, parentId: string | null, position: number) => ({ id, parentId, position, code: id })

// A (A1, A2), B (B1), C — as the API lists them, out of order.
const FLAT = [node('B1', 'B', 0), node('A2', 'A', 1), node('C', null, 2), node('A', null, 0), node('A1', 'A', 0), node('B', null, 1)]

const shape = (nodes: ReturnType<typeof buildTree<ReturnType<typeof node>>>): unknown =>
  nodes.map((n) => (n.children.length > 0 ? { [n.id]: shape(n.children) } : n.id))

describe('the indicator tree', () => {
  it('nests the flat list by parent, siblings by position', () => {
    expect(shape(buildTree(FLAT))).toEqual([{ A: ['A1', 'A2'] }, { B: ['B1'] }, 'C'])
  })

  it('puts a node whose parent is unknown at the top rather than losing it', () => {
    expect(shape(buildTree([node('X1', 'gone', 0)]))).toEqual(['X1'])
  })

  it('turns a drop into the move the API wants: parent and position among the new siblings', () => {
    const roots = buildTree(FLAT)
    // A2 dropped before A1: same parent, first.
    expect(moveTarget(roots, 'A2', 'A1', 'before')).toEqual({ parentId: 'A', position: 0 })
    // A1 dropped after A2: its old place does not count.
    expect(moveTarget(roots, 'A1', 'A2', 'after')).toEqual({ parentId: 'A', position: 1 })
    // B1 into A: last of A's children.
    expect(moveTarget(roots, 'B1', 'A', 'inner')).toEqual({ parentId: 'A', position: 2 })
    // A1 to the top, after B.
    expect(moveTarget(roots, 'A1', 'B', 'after')).toEqual({ parentId: null, position: 2 })
    // C before A: first at the top.
    expect(moveTarget(roots, 'C', 'A', 'before')).toEqual({ parentId: null, position: 0 })
    expect(moveTarget(roots, 'A1', 'nowhere', 'before')).toBeNull()
  })
})
