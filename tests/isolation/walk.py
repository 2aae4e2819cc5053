"""Generate an operation for every root Query and Mutation field, from the schema alone.

The generator reads the executable schema (graphql-core's `GraphQLSchema`), selects every
scalar and enum leaf of a field's result (recursively, to `MAX_DEPTH` levels, following
connections' `edges { node }` and `nodes`, never entering a type already on the path), and fills
the field's arguments from `Probes`: the identifiers of the tenant under attack.

Arguments are varied one at a time: the first operation of a field has every required argument
at its first candidate and every optional one omitted; each further operation changes a single
argument (or input field) to another candidate. So a field with many arguments costs a sum, not
a product.

What the generator cannot guess is said in `OVERRIDES` (root field name → variable sets). A field
it can neither generate nor find there is reported by `operations` as uncovered, and the
isolation suite fails on it: whoever adds a field with, say, a new scalar must decide how to
attack it. Later issues get the rest for free: a new field with `ID`, `String`, `Int`, enum or
input-object arguments is walked as soon as it exists.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    Undefined,
    get_named_type,
    is_leaf_type,
)

MAX_DEPTH = 4  # levels of object types below a root field (connection → edges → node → leaves)
STRONG_PASSWORD = "Probe-Passphrase-Xixia-42"


@dataclass(frozen=True)
class Probes:
    """What arguments are filled with: the victim's identifiers, and harmless values otherwise."""

    ids: tuple[str, ...]  # the victim's global ids, of every type
    tenant_codes: tuple[str, ...]  # the victim's tenant code
    role_codes: tuple[str, ...]  # a role only the victim has, and a built-in one both have
    codes: tuple[str, ...]  # the victim's values of every `code` column (units, … as they come)
    usernames: tuple[str, ...]  # the victim's usernames
    raw_ids: tuple[str, ...]  # the victim's row ids as text (audit `targetId` and the like)
    setting_keys: tuple[str, ...]  # keys of settings the victim changed
    permissions: tuple[str, ...]  # every tenant permission code
    search_terms: tuple[str, ...]  # parts of the victim's usernames
    cursors: tuple[str, ...]  # cursors made from the victim's sort keys
    victim_password: str  # a victim's real password (as if stolen): no realm but its own opens
    own_tenant: str | None  # the acting subject's own realm and credentials
    own_username: str
    own_password: str
    wrong_password: str = "Wrong-Password-0000"
    plain: str = "xixia-probe"
    # The victim's appraisal codes by what they name, the telling first. The first scheme code
    # is the one the attacker also creates as its own (`createScheme`, `importScheme`): later
    # operations with it reach the attacker's own scheme; the others stay the victim's alone.
    scheme_codes: tuple[str, ...] = ()
    unit_codes: tuple[str, ...] = ()
    group_codes: tuple[str, ...] = ()
    component_codes: tuple[str, ...] = ()
    indicator_codes: tuple[str, ...] = ()
    # What the attacker uploads as its own, made with the victim's codes (never its texts):
    scheme_text: str = ""  # jixiao.scheme/1 YAML whose scheme and units bear the victim's codes
    data_text: str = ""  # jixiao.data/1 YAML for it
    units_workbook: str = ""  # units sheet (base64 .xlsx): the victim's unit codes, no links
    units_workbook_linked: str = ""  # the same, linking the victim's users by username
    indicator_workbook: str = ""  # the empty indicator sheet (base64 .xlsx)


@dataclass(frozen=True)
class Operation:
    """One request of the walk."""

    kind: str  # "query" or "mutation"
    field: str  # the root field
    document: str
    variables: dict[str, Any]

    @property
    def label(self) -> str:
        return f"{self.kind} {self.field} {self.variables}"


class Uncovered(Exception):
    """The generator cannot fill an argument of this field."""


VariableSets = Callable[[Probes], list[dict[str, Any]]]


# Arguments the generator cannot guess sensibly: root field → variable sets (replaces generation).
OVERRIDES: dict[str, VariableSets] = {
    # The value must suit the key; the attacker's values differ from the victim's, so that the
    # victim's values in a response are recognisable.
    "updateTenantSetting": lambda p: [
        {"key": "locale", "value": "zh-CN"},
        {"key": "timezone", "value": "Asia/Shanghai"},
        {"key": "audit_retention_days", "value": "400"},
        {"key": "reminder_days_before", "value": "5"},
        {"key": "upload_max_mb", "value": "30"},
        {"key": "appeal_window_days", "value": "3"},
        {"key": "supervision_green_percent", "value": "95"},
        {"key": "supervision_yellow_percent", "value": "50"},
        {"key": "late_reports", "value": "mark"},
        {"key": p.plain, "value": "1"},
    ],
    # Combinations that must not sign anyone into the victim: a victim's username with a wrong
    # password, the attacker's own credentials against the victim's realm, and a victim's real
    # password against the attacker's realm. Each costs one failure on the victim's throttle at
    # most (the lock comes at five), and the first two are written to the victim's sign-in log
    # by design: the suite allows exactly those rows.
    "signIn": lambda p: [
        {"input": {"tenant": code, "username": user, "password": password}}
        for code, user, password in (
            (p.tenant_codes[0], p.usernames[0], p.wrong_password),
            (p.tenant_codes[0], p.own_username, p.own_password),
            (p.own_tenant, p.usernames[0], p.victim_password),
        )
    ],
    # Onboarding under the victim's own code: refused as taken (an operator sees tenant codes),
    # so the walk never creates a tenant in the shared test database.
    "onboardTenant": lambda p: [
        {"input": {"code": p.tenant_codes[0], "name": p.plain, "level": "DISTRICT"}},
        {
            "input": {
                "code": p.tenant_codes[0],
                "name": p.plain,
                "level": "COUNTY",
                "parentCode": p.tenant_codes[0],
            }
        },
    ],
    # A wrong current password: nothing changes, and the attacker stays signed in.
    "changePassword": lambda p: [
        {"input": {"currentPassword": p.wrong_password, "newPassword": STRONG_PASSWORD}}
    ],
    # Scheme edits the services accept, so that only the scheme's lookup can refuse them.
    "setSchemeComponents": lambda p: [
        {"code": code, "components": _components(p)} for code in p.scheme_codes or (p.plain,)
    ],
    "saveSchemeGroup": lambda p: [
        *({"code": code, "input": _group(p, "RATIO")} for code in p.scheme_codes or (p.plain,)),
        *(
            {"code": code, "input": _group(p, "THRESHOLD"), "id": group}
            for code in p.scheme_codes or (p.plain,)
            for group in _of_type(p, "SchemeGroup")[:2]
        ),
    ],
    "createIndicator": lambda p: [
        *(
            {"schemeCode": code, "input": _leaves(p)[0], **parent}
            for code in p.scheme_codes or (p.plain,)
            for parent in ({}, *({"parentId": i} for i in _of_type(p, "Indicator")[:2]))
        ),
        *(
            {"schemeCode": (p.scheme_codes or (p.plain,))[0], "input": leaf, "position": 0}
            for leaf in _leaves(p)[1:]
        ),
    ],
    "updateIndicator": lambda p: [
        *({"id": node, "input": _leaves(p)[0]} for node in _of_type(p, "Indicator")[:3]),
        *(
            {"id": node, "input": leaf}
            for node in _of_type(p, "Indicator")[:1]
            for leaf in _leaves(p)[1:]
        ),
    ],
    # The attacker imports a scheme of its own that bears the victim's scheme and unit codes:
    # it must neither replace the victim's scheme nor rename or reuse the victim's units.
    "importScheme": lambda p: [
        {"text": p.plain},
        {"text": p.scheme_text or p.plain},
        {"text": p.scheme_text or p.plain, "dataText": p.data_text or p.plain},
    ],
    "importSchemeData": lambda p: [
        {"code": code, "dataText": p.data_text or p.plain} for code in p.scheme_codes or (p.plain,)
    ],
    # The same attempts as jobs (run by the attacker's own worker, in the attacker's tenant).
    "startSchemeImport": lambda p: [
        {"text": p.plain},
        {"text": p.scheme_text or p.plain, "dataText": p.data_text or p.plain},
    ],
    "startSchemeDataImport": lambda p: [
        {"code": code, "dataText": p.data_text or p.plain} for code in p.scheme_codes or (p.plain,)
    ],
    # Units sheets with the victim's unit codes (its own units, then) and with the victim's
    # usernames as links (refused: there is no such user in the attacker's tenant).
    "importUnitsWorkbook": lambda p: [
        {"content": content}
        for content in dict.fromkeys(
            (p.plain, p.units_workbook or p.plain, p.units_workbook_linked or p.plain)
        )
    ],
    "importIndicatorWorkbook": lambda p: [
        {"schemeCode": code, "content": p.indicator_workbook or p.plain}
        for code in p.scheme_codes or (p.plain,)
    ],
}


def _of_type(p: Probes, type_name: str) -> list[str]:
    """The victim's global ids of one type."""
    return [i for i in p.ids if base64.urlsafe_b64decode(i).decode().startswith(f"{type_name}:")]


def _components(p: Probes) -> list[dict[str, Any]]:
    """The indicators component and the victim's other components; weights make 100."""
    others = p.component_codes[:2] or (p.plain,)
    rest = [{"code": code, "name": p.plain, "weight": "10"} for code in others]
    whole = {"code": "indicators", "name": p.plain, "weight": str(100 - 10 * len(rest))}
    return [whole, *rest]


def _group(p: Probes, method: str) -> dict[str, Any]:
    """A group with four grades, graded by ratio (3:5:2 of the first three) or by bands."""
    grades = [
        {"name": "优秀", "award": True},
        {"name": "良好"},
        {"name": "达标"},
        {"name": "不达标"},
    ]
    group: dict[str, Any] = {
        "code": (p.group_codes or (p.plain,))[0],
        "name": p.plain,
        "grades": grades,
        "gradingMethod": method,
        "failBelow": "60",
        "failGrade": "不达标",
        "bonusBasePerHead": "1500",
        "bonusCoefficients": [
            {"grade": g, "coefficient": c} for g, c in (("优秀", "1.2"), ("良好", "1.0"))
        ],
    }
    if method == "RATIO":
        group["ratio"] = ["3", "5", "2"]
    else:
        group["bands"] = [{"grade": "优秀", "min": "90"}, {"grade": "良好", "min": "75"}]
    return group


def _leaves(p: Probes) -> list[dict[str, Any]]:
    """Valid leaves naming the victim's units and groups: linear, deduction, rank, and a branch."""
    units = list(p.unit_codes[:2])
    common = {
        "code": (p.indicator_codes or (p.plain,))[0],
        "name": p.plain,
        "appliesToAll": not units,
        "appliesToUnits": units,
        "appliesToGroups": list(p.group_codes[:1]),
        "scorers": units,
        "criteria": p.plain,
    }
    return [
        {
            **common,
            "points": "10",
            "method": "LINEAR",
            "target": "100",
            "floor": "60",
            "periods": [{"period": "Q2", "share": "0.5"}, {"period": "Q4", "share": "0.5"}],
        },
        {**common, "points": "8", "method": "DEDUCTION", "perIncident": "1.5"},
        {
            **common,
            "points": "10",
            "method": "RANK",
            "rankTable": [{"rank": 1, "factor": "1"}, {"rank": 2, "factor": "0.9"}],
        },
        {"code": (p.indicator_codes or (p.plain,))[-1], "name": p.plain, "isLeaf": False},
    ]


def _strings(p: Probes, name: str, where: str = "") -> Sequence[str] | None:
    """Candidates for a String argument or input field, by its name and where it is (the root
    field, then `.InputType` for an input field); None: a plain value."""
    key = name.lower()
    root, _, input_type = where.lower().partition(".")
    kinds: dict[str, tuple[str, ...]] = {
        "scheme": p.scheme_codes,
        "unit": p.unit_codes,
        "group": p.group_codes,
        "component": p.component_codes,
        "indicator": p.indicator_codes,
    }
    if key == "code":
        # A new scheme's code: only the first (the rest must stay the victim's alone).
        if input_type.startswith("schemesettings") and p.scheme_codes:
            return p.scheme_codes[:1]
        named = input_type.split(".")[-1] if input_type else root
        for kind, codes in kinds.items():
            if codes and (named.startswith(kind) if input_type else kind in named):
                return codes
    hints: dict[str, Sequence[str]] = {
        "tenant": p.tenant_codes,
        "tenantcode": p.tenant_codes,
        "parentcode": p.tenant_codes,
        "code": (*p.codes, *p.tenant_codes),
        "rolecode": p.role_codes,
        "rolecodes": p.role_codes,
        "username": p.usernames,
        "password": (p.wrong_password,),
        "currentpassword": (p.wrong_password,),
        "newpassword": (STRONG_PASSWORD,),
        "key": p.setting_keys,
        "search": (*p.search_terms, *p.unit_codes[:1]),
        "actorname": p.search_terms,
        "action": ("role", "user", "tenant"),
        "targettype": ("user", "role", "tenant_setting"),
        "targetid": (*p.raw_ids, *p.role_codes),
        "after": p.cursors,
        "before": p.cursors,
        "permissions": p.permissions,
        "scopes": p.permissions,
        "schemecode": p.scheme_codes,
        "sourcecode": p.scheme_codes,
        # Not a template: the victim's scheme codes must not be taken for one.
        "templatecode": p.scheme_codes,
        "unitcode": p.unit_codes,
        "unitcodes": p.unit_codes,
        "componentcode": p.component_codes,
        "rater": p.usernames,
        "groupcode": p.group_codes,
        "appliestounits": p.unit_codes,
        "appliestogroups": p.group_codes,
        "scorers": (*p.unit_codes[:2], *p.usernames[:1]),
        "period": ("Q4",),
        "periods": ("Q4",),
        "format": ("yaml", "json"),
    }
    if hints.get(key):
        return hints[key]
    for suffix, values in (("code", p.tenant_codes), ("username", p.usernames)):
        if key.endswith(suffix):
            return values
    return None


def _ids(p: Probes, name: str, where: str) -> list[str]:
    """The victim's global ids, those of the type the names suggest first (`userId`,
    `disableUser(id)` → User), so that the base operation reaches past the type check.

    Every id of the suggested types is sent; of any other type only its first (one id of a
    type tells whether the wrong type is refused as well as three). With no type suggested,
    every id is.
    """

    stem = name.lower().removesuffix("ids").removesuffix("id")  # runId → run (ResultRun)

    def type_of(global_id: str) -> str:
        return base64.urlsafe_b64decode(global_id).decode().partition(":")[0].lower()

    def rank(global_id: str) -> tuple[bool, bool, int]:
        type_name = type_of(global_id)
        named = type_name in name.lower() or (bool(stem) and type_name.endswith(stem))
        # The longest type the root field names: saveSchemeGroup(id) → SchemeGroup, not Scheme.
        in_where = type_name in where.lower()
        return not named, not in_where, -len(type_name) if in_where else 0

    ranked = sorted(p.ids, key=rank)
    suggested = {type_of(i) for i in ranked if rank(i)[:2] != (True, True)}
    if not suggested:
        return ranked
    seen: set[str] = set()
    chosen = []
    for global_id in ranked:
        type_name = type_of(global_id)
        if type_name in suggested or type_name not in seen:
            chosen.append(global_id)
        seen.add(type_name)
    return chosen


def _scalar_candidates(p: Probes, scalar: GraphQLScalarType, name: str, where: str) -> list[Any]:
    key = name.lower()
    if scalar.name == "ID":
        return _ids(p, name, where)
    if scalar.name == "String":
        return list(_strings(p, name, where) or (p.plain,))
    if scalar.name == "Int":
        # The victim's scheme year, so that a filter by year would find its scheme.
        return {"first": [1, 5], "last": [1, 5], "expiresindays": [30], "year": [2015]}.get(
            key, [1]
        )
    if scalar.name == "Float":
        return [1.5]
    if scalar.name == "Boolean":
        return [False]
    if scalar.name == "Decimal":
        # Exact figures travel as strings. Ratios come as a list (a grade each); shares of a
        # period and rank factors are parts of one; a weight is the whole.
        return {
            "weight": ["100"],
            "ratio": ["3", "5", "2"],
            "share": ["1"],
            "factor": ["0.5"],
            "points": ["10"],
            "perincident": ["1.5"],
        }.get(key, ["5"])
    if scalar.name == "Date":
        return ["2015-12-31"]  # within the victim's scheme year
    if scalar.name == "DateTime":
        if key in {"until", "to", "before"}:
            return ["2100-01-01T00:00:00+00:00"]
        return ["2000-01-01T00:00:00+00:00"]
    raise Uncovered(f"no probe values for scalar {scalar.name} ({name})")


def candidates(p: Probes, type_: GraphQLInputType, name: str, where: str = "") -> list[Any]:
    """Values for an argument or input field: the first is the base, the rest are variations.

    `where` names the root field (and input type) the value is for.
    """
    if isinstance(type_, GraphQLNonNull):
        return candidates(p, type_.of_type, name, where)
    if isinstance(type_, GraphQLList):
        items = candidates(p, type_.of_type, name, where)
        if name.lower() in {"permissions", "scopes"}:
            return [list(items), items[:1]]
        lists = [[item] for item in items[:4]]
        return [*lists, list(items)] if len(items) > 1 else lists
    if isinstance(type_, GraphQLEnumType):
        return list(type_.values)
    if isinstance(type_, GraphQLScalarType):
        return _scalar_candidates(p, type_, name, where)
    if isinstance(type_, GraphQLInputObjectType):
        return _input_objects(p, type_, where)
    raise Uncovered(f"no probe values for {type_} ({name})")


def _input_objects(p: Probes, type_: GraphQLInputObjectType, where: str) -> list[dict[str, Any]]:
    base: dict[str, Any] = {}
    variations: list[dict[str, Any]] = []
    for name, input_field in type_.fields.items():
        required = (
            isinstance(input_field.type, GraphQLNonNull) and input_field.default_value is Undefined
        )
        values = candidates(p, input_field.type, name, f"{where}.{type_.name}")
        if required:
            if not values:
                raise Uncovered(f"no value for required {type_.name}.{name}")
            base[name] = values[0]
            variations.extend({name: value} for value in values[1:])
        else:
            variations.extend({name: value} for value in values)
    return [base, *({**base, **change} for change in variations)]


def variable_sets(p: Probes, root: GraphQLField, where: str = "") -> list[dict[str, Any]]:
    """Generated argument values for a root field: the base set, then one change at a time."""
    base: dict[str, Any] = {}
    variations: list[dict[str, Any]] = []
    for name, argument in root.args.items():
        required = isinstance(argument.type, GraphQLNonNull) and argument.default_value is Undefined
        values = candidates(p, argument.type, name, where)
        if required:
            if not values:
                raise Uncovered(f"no value for required argument {name}")
            base[name] = values[0]
            variations.extend({name: value} for value in values[1:])
        else:
            variations.extend({name: value} for value in values)
    sets = [base, *({**base, **change} for change in variations)]
    unique: list[dict[str, Any]] = []
    for item in sets:
        if item not in unique:
            unique.append(item)
    return unique


def selection(
    type_: GraphQLOutputType,
    depth: int = MAX_DEPTH,
    path: frozenset[str] = frozenset(),
    schema: GraphQLSchema | None = None,
) -> str:
    """Every leaf of the type, as a selection set ('' for a leaf type itself). An interface's
    implementations (`node(id:)` answers any `Node`) are read with the schema when given."""
    named = get_named_type(type_)
    if is_leaf_type(named):
        return ""
    if isinstance(named, GraphQLUnionType):
        # None in the schema yet: a fragment on each member keeps the walk complete.
        parts = [
            f"... on {member.name} {selection(member, depth, path, schema)}"
            for member in named.types
            if member.name not in path
        ]
        return "{ __typename " + " ".join(parts) + " }"
    assert isinstance(named, GraphQLObjectType | GraphQLInterfaceType)
    inner = _fields(named, depth, path | {named.name}, schema)
    if isinstance(named, GraphQLInterfaceType) and schema is not None:
        inner += _implementations(schema, named, path)
    return "{ __typename " + " ".join(inner) + " }"


def _implementations(
    schema: GraphQLSchema, interface: GraphQLInterfaceType, path: frozenset[str]
) -> list[str]:
    """A fragment on each type implementing the interface, with that type's own leaves: what
    an answer would tell of the object found. Leaves only (the fourteen types of `Node` in full
    would pass the token limit), and a name another fragment already selects with another type
    (`status`: each its own enum) is left out, as GraphQL cannot merge the two."""
    taken: dict[str, str] = {name: str(f.type) for name, f in interface.fields.items()}
    fragments = []
    for member in schema.get_possible_types(interface):
        if member.name in path:
            continue
        leaves = []
        for name, child in member.fields.items():
            required = any(
                isinstance(a.type, GraphQLNonNull) and a.default_value is Undefined
                for a in child.args.values()
            )
            if name in interface.fields or required or not is_leaf_type(get_named_type(child.type)):
                continue
            if taken.setdefault(name, str(child.type)) == str(child.type):
                leaves.append(name)
        if leaves:
            fragments.append(f"... on {member.name} {{ {' '.join(leaves)} }}")
    return fragments


def _fields(
    named: GraphQLObjectType | GraphQLInterfaceType,
    depth: int,
    path: frozenset[str],
    schema: GraphQLSchema | None = None,
) -> list[str]:
    parts = []
    for name, child in named.fields.items():
        if any(
            isinstance(a.type, GraphQLNonNull) and a.default_value is Undefined
            for a in child.args.values()
        ):
            continue  # nested fields with required arguments: none yet
        child_type = get_named_type(child.type)
        if is_leaf_type(child_type):
            parts.append(name)
        elif depth > 1 and child_type.name not in path:
            parts.append(f"{name} {selection(child.type, depth - 1, path, schema)}")
    return parts


def document(
    kind: str,
    name: str,
    root: GraphQLField,
    variables: dict[str, Any],
    schema: GraphQLSchema | None = None,
) -> str:
    """The operation text: variables declared with the arguments' types."""
    declared = ", ".join(f"${arg}: {root.args[arg].type}" for arg in variables)
    passed = ", ".join(f"{arg}: ${arg}" for arg in variables)
    header = f"{kind} Walk_{name}" + (f"({declared})" if declared else "")
    call = f"{name}({passed})" if passed else name
    return f"{header} {{ {call} {selection(root.type, schema=schema)} }}"


def operations(
    schema: GraphQLSchema, probes: Probes, overrides: dict[str, VariableSets] | None = None
) -> tuple[list[Operation], dict[str, str]]:
    """Operations for every root Query and Mutation field, and the fields left uncovered."""
    overrides = OVERRIDES if overrides is None else overrides
    ops: list[Operation] = []
    uncovered: dict[str, str] = {}
    roots = (("query", schema.query_type), ("mutation", schema.mutation_type))
    for kind, root_type in roots:
        if root_type is None:
            continue
        for name, root in root_type.fields.items():
            try:
                sets = (
                    overrides[name](probes)
                    if name in overrides
                    else variable_sets(probes, root, name)
                )
            except Uncovered as error:
                uncovered[name] = str(error)
                continue
            if not sets:
                uncovered[name] = "no variable sets"
                continue
            ops.extend(
                Operation(kind, name, document(kind, name, root, variables, schema), variables)
                for variables in sets
            )
    return ops, uncovered


def id_types(schema: GraphQLSchema) -> list[str]:
    """Object types with an `id: ID!` field: those that have global ids."""
    return sorted(
        name
        for name, type_ in schema.type_map.items()
        if isinstance(type_, GraphQLObjectType)
        and not name.startswith("__")
        and "id" in type_.fields
        and get_named_type(type_.fields["id"].type).name == "ID"
    )


def root_fields(schema: GraphQLSchema) -> dict[str, str]:
    """Every root field name → "query" or "mutation"."""
    found: dict[str, str] = {}
    for kind, root_type in (("query", schema.query_type), ("mutation", schema.mutation_type)):
        if root_type is not None:
            found.update(dict.fromkeys(root_type.fields, kind))
    return found


def decoded_ids(value: Any) -> list[str]:
    """The raw ids inside any global ids among the values (what a sender of them knows)."""
    found: list[str] = []
    if isinstance(value, dict):
        for item in value.values():
            found.extend(decoded_ids(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(decoded_ids(item))
    elif isinstance(value, str):
        try:
            text = base64.urlsafe_b64decode(value.encode()).decode()
            raw = uuid.UUID(text.partition(":")[2])
        except (ValueError, binascii.Error, UnicodeDecodeError):
            return found
        found.extend((str(raw), raw.hex))
    return found


@dataclass
class Batches:
    """Operations grouped for running: queries, then mutations, then session mutations last."""

    queries: list[Operation] = field(default_factory=list)
    mutations: list[Operation] = field(default_factory=list)
    session: list[Operation] = field(default_factory=list)

    @classmethod
    def of(cls, ops: Sequence[Operation], session_fields: Sequence[str]) -> Batches:
        batches = cls()
        for op in ops:
            if op.field in session_fields:
                batches.session.append(op)
            elif op.kind == "query":
                batches.queries.append(op)
            else:
                batches.mutations.append(op)
        order = {name: i for i, name in enumerate(session_fields)}
        batches.session.sort(key=lambda op: order[op.field])
        return batches
