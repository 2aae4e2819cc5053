/** The indicator tree: from the API's flat list (parentId, position) to nested nodes and back. */

export interface FlatNode {
  id: string
  parentId?: string | null
  position: number
  code: string
}

export type TreeNode<T extends FlatNode> = T & { children: TreeNode<T>[] }

/** Nested nodes, siblings by position then code; a node whose parent is unknown goes to the top. */
export function buildTree<T extends FlatNode>(nodes: readonly T[]): TreeNode<T>[] {
  const byId = new Map<string, TreeNode<T>>()
  for (const node of nodes) byId.set(node.id, { ...node, children: [] })
  const roots: TreeNode<T>[] = []
  for (const node of byId.values()) {
    const parent = node.parentId ? byId.get(node.parentId) : undefined
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  const order = (list: TreeNode<T>[]) => {
    list.sort((a, b) => a.position - b.position || a.code.localeCompare(b.code))
    for (const child of list) order(child.children)
  }
  order(roots)
  return roots
}

/** Where a dragged node lands, as the move mutation wants it: a parent (null: the top) and a position. */
export interface MoveTarget {
  parentId: string | null
  position: number
}

/**
 * The move of `dragged` dropped `before`, `after` or `inner` of `target`, computed on the tree
 * as it was before the drop (positions among the new siblings, the dragged node left out).
 */
export function moveTarget<T extends FlatNode>(
  roots: readonly TreeNode<T>[],
  draggedId: string,
  targetId: string,
  where: 'before' | 'after' | 'inner',
): MoveTarget | null {
  const found = locate(roots, targetId, null)
  if (!found) return null
  if (where === 'inner') {
    const children = found.node.children.filter((child) => child.id !== draggedId)
    return { parentId: found.node.id, position: children.length }
  }
  const siblings = found.siblings.filter((sibling) => sibling.id !== draggedId)
  const index = siblings.findIndex((sibling) => sibling.id === targetId)
  return { parentId: found.parentId, position: where === 'before' ? index : index + 1 }
}

function locate<T extends FlatNode>(
  list: readonly TreeNode<T>[],
  id: string,
  parentId: string | null,
): { node: TreeNode<T>; siblings: readonly TreeNode<T>[]; parentId: string | null } | null {
  for (const node of list) {
    if (node.id === id) return { node, siblings: list, parentId }
    const inner = locate(node.children, id, node.id)
    if (inner) return inner
  }
  return null
}
