"""The cost of a GraphQL operation, known before it runs (issue 20): how much work it asks for.

Counted from the document and the schema, never from the data:

- each field costs 1 (`__typename` nothing; an introspection field 1, its answer not counted);
- a list of objects counts its selection once per item it may hold: a connection's `edges` and
  `nodes` as many times as its page size (`first`, as the resolvers read it: 20 when absent,
  at most 100, or the field's own maximum in `PAGE_MAXIMA`), any other list as many times as
  the size assumed for it in `LIST_SIZES` (`DEFAULT_LIST_SIZE` otherwise). A list of scalars
  is one field;
- fragments count where they are spread; `@skip` and `@include` are ignored (counted as
  included); a page size given by a variable is read from the request's variables.

So `units(first: 10) { nodes { code name } pageInfo { hasNextPage } }` costs
1 (units) + 1 (nodes) + 10 × 2 + 1 (pageInfo) + 1 = 24.

A document is planned once (parsed and walked, kept by its text's digest), and its cost per
page sizes kept too: a repeated request is priced by two look-ups.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import parse_qs

import orjson
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    parse,
)

from jixiao.graphql.enum_docs import describe_values
from jixiao.platform.errors import ErrorCode
from jixiao.platform.pagination import DEFAULT_PAGE
from jixiao.platform.recent import Recent

describe_values(
    "ErrorCode",
    {
        ErrorCode.QUERY_TOO_COSTLY.value: "The operation asks for more than one request may "
        "(`extensions.cost` above `extensions.maximum`): refused before it ran. Ask for "
        "smaller pages (`first`), fewer fields inside lists, or split it into several requests."
    },
)

PAGE_MAX = 100  # `first` of a connection: keyset_page's `max_first`
# Fields whose resolvers allow another maximum of `first` than PAGE_MAX.
PAGE_MAXIMA = {
    "Query.scoringWorkbench": 500,  # graphql/scoring/queries.py MAX_PAGE
    "Query.supervisionBoard": 500,  # graphql/supervision/queries.py MAX_PAGE
    "Query.unitLinkCandidates": 50,
}
# Assumed sizes of lists without `first`: a district's or city's scheme appraises up to about a
# hundred units (UNITS) with up to about a hundred indicators (INDICATORS); what one unit or one
# indicator holds is counted per unit or indicator.
UNITS = 100
INDICATORS = 100
DEFAULT_LIST_SIZE = 10
LIST_SIZES = {
    # the units of a scheme, and its results
    "Rankings.units": UNITS,
    "Rankings.overall": UNITS,
    "Rankings.groups": 5,
    "RankingGroup.units": 40,  # one group's share (groups are uneven)
    "Scheme.units": UNITS,
    "Scheme.pointsCheck": UNITS,
    "SchemeChoice.units": UNITS,
    "Dashboard.units": UNITS,
    "Dashboard.ranking": UNITS,
    "DistrictComparison.units": UNITS,
    "IndicatorSpread.units": UNITS,
    "RatingMatrix.units": UNITS,
    "RatingMatrix.cells": UNITS * 10,  # units × leaders
    "ReceivedCityItem.units": UNITS,
    "Survey.units": UNITS,
    "SurveyResults.units": UNITS,
    "BonusTable.rows": UNITS,
    "CityRankingType.items": UNITS,
    "Query.unitTrend": 8,  # a year's quarters and the annual result, and the years before
    "Query.unitAcrossYears": 10,
    # the indicators of a scheme, and what a unit's result holds of them
    "Scheme.indicators": INDICATORS,
    "IndicatorSpread.indicators": INDICATORS,
    "UnitResult.breakdown": INDICATORS,
    "Query.ratings": UNITS,
    "Query.schemeCityItems": INDICATORS,
    "Query.receivedCityItems": INDICATORS,
    "Query.schemeProblems": INDICATORS,
    "Scheme.issues": INDICATORS,
    "SchemeImportJob.issues": INDICATORS,
    "ImportSchemePayload.issues": INDICATORS,
    "DataImportPreviewPayload.issues": INDICATORS,
    "Scheme.revisions": 50,
    "ScoreEntriesPayload.scores": INDICATORS,
    "Query.supportGrantActivity": PAGE_MAX,
    "Query.nodes": PAGE_MAX,  # `nodes(ids:)` takes at most 100 ids (graphql/node.py)
    # small lists
    "ProgressReport.history": 10,
    "ProgressReport.evidence": 5,
    "Assignment.milestones": 4,
    "Assignment.scorerDetails": 5,
    "Indicator.scorerDetails": 5,
    "Notice.attachments": 5,
    "UnitResult.components": 5,
    "IndicatorLine.sourceScores": 5,
    "Scheme.components": 5,
    "Scheme.groups": 5,
    "Query.schemePeriods": 5,
    "Query.periodDeadlines": 5,
    "ScoreDistribution.histogram": 10,
}
# Lists by their name, whatever their type: a payload's `errors` (one expected failure at a
# time, a few for an import) and a record's `files`.
NAMED_SIZES = {"errors": 5, "files": 5}


@dataclass(frozen=True)
class Size:
    """A page size read from a variable (`first: $first`) when the request is priced."""

    variable: str
    fallback: int  # the size when the variable is absent or null
    maximum: int

    def of(self, variables: Mapping[str, object]) -> int:
        value = variables.get(self.variable)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if value is None or isinstance(value, bool) or not isinstance(value, int):
            return self.fallback  # a value GraphQL cannot read refuses the request anyway
        return max(0, min(value, self.maximum))  # past the maximum the resolver refuses


@dataclass(frozen=True)
class Part:
    """A cost that depends on page sizes: `constant` plus each inner cost times its size."""

    constant: int
    scaled: tuple[tuple[int | Size, Cost], ...]

    def value(self, sizes: Mapping[Size, int], known: dict[int, int] | None = None) -> int:
        """The cost for these page sizes; `known`: the parts already counted (a fragment's
        part is shared by each place it is spread: counted once)."""
        known = {} if known is None else known
        total = known.get(id(self))
        if total is None:
            total = self.constant
            for size, inner in self.scaled:
                count = size if isinstance(size, int) else sizes[size]
                total += count * (inner if isinstance(inner, int) else inner.value(sizes, known))
            known[id(self)] = total
        return total


Cost = int | Part


@dataclass(frozen=True)
class Plan:
    """An operation's cost, and the variables giving its page sizes."""

    cost: Cost
    sizes: tuple[Size, ...]


class Pricer:
    """Prices operations against one schema; plans and costs kept by the document's digest."""

    def __init__(self, schema: GraphQLSchema, max_tokens: int, size: int = 1000) -> None:
        self.schema = schema
        self.max_tokens = max_tokens
        self.plans: Recent[bytes, dict[str | None, Plan]] = Recent(size)
        self.costs: Recent[tuple[bytes, str | None, tuple[int, ...]], int] = Recent(size)

    def price(self, text: str, operation: str | None = None, variables: object = None) -> int:
        """The cost of the operation GraphQL would run; 0 for a document it refuses anyway
        (unparseable, no such operation, several and none named)."""
        digest = hashlib.blake2b(text.encode(), digest_size=16).digest()
        plans = self.plans.get(digest)
        if plans is None:
            plans = self.plan(text)
            self.plans.put(digest, plans)
        if operation is None and len(plans) == 1:
            operation = next(iter(plans))
        plan = plans.get(operation) if isinstance(operation, str | None) else None
        if plan is None:
            return 0
        if isinstance(plan.cost, int):
            return plan.cost
        given = variables if isinstance(variables, Mapping) else {}
        sizes = tuple(size.of(given) for size in plan.sizes)
        key = (digest, operation, sizes)
        cost = self.costs.get(key)
        if cost is None:
            cost = plan.cost.value(dict(zip(plan.sizes, sizes, strict=True)))
            self.costs.put(key, cost)
        return cost

    def plan(self, text: str) -> dict[str | None, Plan]:
        """Each operation's plan; none for a document that does not parse."""
        try:
            document = parse(text, no_location=True, max_tokens=self.max_tokens)
        except (GraphQLError, RecursionError):
            return {}
        fragments = {
            node.name.value: node
            for node in document.definitions
            if isinstance(node, FragmentDefinitionNode)
        }
        plans: dict[str | None, Plan] = {}
        for node in document.definitions:
            if isinstance(node, OperationDefinitionNode):
                root = self.schema.get_root_type(node.operation)
                name = node.name.value if node.name else None
                try:
                    plans[name] = _Planner(self.schema, fragments, node).plan(root)
                except RecursionError:  # selections nested past Python's stack: refused by
                    plans[name] = Plan(0, ())  # GraphQL's depth limit, or trivial
        return plans

    def of_body(self, body: bytes, persisted: Callable[[str], str | None]) -> int:
        """The cost of a POST body (JSON; `persisted` gives the text of a persisted query's
        hash sent without its query); 0 for what GraphQL refuses before running anything."""
        try:
            payload = orjson.loads(body)
        except orjson.JSONDecodeError:
            return 0
        if type(payload) is not dict:
            return 0  # a batch: refused (one operation per request)
        query = payload.get("query")
        if query is None:
            query = persisted(_persisted_hash(payload.get("extensions")) or "")
        if type(query) is not str:
            return 0
        operation = payload.get("operationName")
        return self.price(query, operation, payload.get("variables"))

    def of_query_string(self, raw: bytes, persisted: Callable[[str], str | None]) -> int:
        """The cost of a persisted query sent by GET (`extensions` and `variables` in the
        query string); 0 for any other GET."""
        params = parse_qs(raw.decode("latin-1"))
        if "extensions" not in params:
            return 0
        try:
            extensions = orjson.loads(params["extensions"][0])
            variables = orjson.loads(params["variables"][0]) if "variables" in params else None
        except orjson.JSONDecodeError:
            return 0
        query = persisted(_persisted_hash(extensions) or "")
        if query is None:
            return 0
        operation = params["operationName"][0] if "operationName" in params else None
        return self.price(query, operation, variables)


def _persisted_hash(extensions: object) -> str | None:
    persisted = extensions.get("persistedQuery") if isinstance(extensions, dict) else None
    digest = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
    return digest if isinstance(digest, str) else None


class _Planner:
    """Walks one operation (through its fragments) into its cost."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        operation: OperationDefinitionNode,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.operation = operation
        self.defaults: dict[str, int] = {
            node.variable.name.value: int(node.default_value.value)
            for node in operation.variable_definitions or ()
            if isinstance(node.default_value, IntValueNode)
        }
        self.sizes: dict[Size, None] = {}  # in order of appearance
        self.spreading: list[str] = []  # the fragments being walked (a cycle is refused)
        # each fragment walked once per page size: a fragment spread twice in a fragment
        # spread twice… is planned in linear time, its part shared
        self.spread: dict[tuple[str, int | Size | None], Cost] = {}

    def plan(self, root: GraphQLObjectType | None) -> Plan:
        cost = 0 if root is None else self.selections(root, self.operation.selection_set, None)
        return Plan(cost, tuple(self.sizes))

    def selections(
        self, parent: GraphQLNamedType, node: SelectionSetNode, page: int | Size | None
    ) -> Cost:
        """The cost of a selection set on `parent`; `page`: the page size of the connection
        `parent` is, for its `edges` and `nodes`."""
        constant = 0
        scaled: list[tuple[int | Size, Cost]] = []

        def add(size: int | Size, inner: Cost) -> None:
            nonlocal constant
            if isinstance(size, int) and isinstance(inner, int):
                constant += size * inner
            else:
                scaled.append((size, inner))

        for selection in node.selections:
            if isinstance(selection, FieldNode):
                name = selection.name.value
                if name == "__typename":
                    continue
                constant += 1
                field = _field(parent, name)
                if field is None or selection.selection_set is None:
                    continue  # a leaf, introspection, or a field GraphQL refuses
                named = get_named_type(field.type)
                inner_page = self.page(selection, field, parent) if _paged(named) else None
                inner = self.selections(named, selection.selection_set, inner_page)
                add(self.items(parent, name, field, selection, page), inner)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                found = self.schema.get_type(condition.name.value) if condition else parent
                add(1, self.selections(found or parent, selection.selection_set, page))
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in self.spreading:
                    continue  # GraphQL refuses an unknown or cyclic fragment
                shared = self.spread.get((name, page))
                if shared is None:
                    found = self.schema.get_type(fragment.type_condition.name.value)
                    self.spreading.append(name)
                    shared = self.selections(found or parent, fragment.selection_set, page)
                    self.spreading.pop()
                    self.spread[(name, page)] = shared
                add(1, shared)
        return constant if not scaled else Part(constant, tuple(scaled))

    def items(
        self,
        parent: GraphQLNamedType,
        name: str,
        field: GraphQLField,
        selection: FieldNode,
        page: int | Size | None,
    ) -> int | Size:
        """How many times the field's selection is counted."""
        if page is not None and name in ("edges", "nodes"):
            return page
        if not isinstance(get_nullable_type(field.type), GraphQLList):
            return 1
        if "first" in field.args:
            return self.page(selection, field, parent)
        if name in NAMED_SIZES:
            return NAMED_SIZES[name]
        return LIST_SIZES.get(f"{parent.name}.{name}", DEFAULT_LIST_SIZE)

    def page(
        self, selection: FieldNode, field: GraphQLField, parent: GraphQLNamedType
    ) -> int | Size:
        """The page size of a field with `first`, as its resolver reads it."""
        maximum = PAGE_MAXIMA.get(f"{parent.name}.{selection.name.value}", PAGE_MAX)
        default = field.args["first"].default_value if "first" in field.args else None
        fallback = min(default if isinstance(default, int) else DEFAULT_PAGE, maximum)
        arguments = selection.arguments or ()
        given = next((a.value for a in arguments if a.name.value == "first"), None)
        if isinstance(given, IntValueNode):
            return max(0, min(int(given.value), maximum))
        if isinstance(given, VariableNode):
            name = given.name.value
            size = Size(name, min(self.defaults.get(name, fallback), maximum), maximum)
            self.sizes.setdefault(size)
            return size
        return fallback


def _field(parent: GraphQLNamedType, name: str) -> GraphQLField | None:
    if name.startswith("__") or not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        return None
    found: GraphQLField | None = parent.fields.get(name)
    return found


def _paged(named: GraphQLNamedType) -> bool:
    """Whether the type is a connection (edges, nodes and pageInfo over a page)."""
    return isinstance(named, GraphQLObjectType) and "pageInfo" in named.fields
