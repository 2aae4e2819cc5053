"""The scoring methods' rules, written once (DOMAIN.md §4.1).

For each method: its name as the office says it, what a leaf of that method is defined with in
a scheme (and which of those it must have), and what a score entry of it carries besides the
unit, the indicator and the period. The scheme readers (`formats/indicator_tree.py`,
`schemes/document.py`), the data reader (`formats/score_rules.py`), the stored data's rows
(`schemes/stored_data.py`) and the workbook (`schemes/workbook.py`) read it from here, and the
portal's score grid and indicator form from portal/src/api/methods.generated.ts, which
`jixiao graphql-schema` writes from it (`graphql/portal_rules.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.engine.model import Method


@dataclass(frozen=True, slots=True)
class MethodRule:
    """One scoring method's rules."""

    method: Method
    label: str  # 评分方法 as the office writes it (the workbook's column)
    definition: tuple[str, ...]  # the leaf's own fields for this method, in a scheme
    required: tuple[str, ...]  # those of them a leaf must give
    entry: tuple[str, ...]  # what its score entry carries; `met` is added for binding leaves
    measure: str | None  # the one field that holds the entry's figure (None: `met` alone)


_RULES = (
    # method, label, definition, required, entry, measure
    (Method.MANUAL, "手工评分", (), (), ("scorer", "value"), "value"),
    (Method.RATIO, "完成比例", ("target", "lower_is_better"), ("target",), ("actual",), "actual"),
    (Method.LINEAR, "线性插值", ("target", "floor"), ("target", "floor"), ("actual",), "actual"),
    (Method.PASS_FAIL, "达标制", (), (), ("met",), None),
    (Method.DEDUCTION, "扣分制", ("per_incident",), ("per_incident",), ("incidents",), "incidents"),
    (Method.RANK, "名次", ("table",), ("table",), ("rank",), "rank"),
)
METHOD_RULES: dict[Method, MethodRule] = {row[0]: MethodRule(*row) for row in _RULES}
assert set(METHOD_RULES) == set(Method), "every scoring method needs its rules"

# Every method-specific field a leaf may have, in the order the scheme format lists them.
DEFINITION_FIELDS = ("target", "floor", "lower_is_better", "per_incident", "table")
assert set(DEFINITION_FIELDS) == {f for rule in METHOD_RULES.values() for f in rule.definition}


def entry_fields(method: Method, *, binding: bool) -> tuple[str, ...]:
    """What a score entry of a leaf carries besides unit, indicator and period."""
    fields = METHOD_RULES[method].entry
    return tuple(dict.fromkeys((*fields, "met"))) if binding else fields
