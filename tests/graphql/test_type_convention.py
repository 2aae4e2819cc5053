"""One convention for the GraphQL object types (README, "GraphQL types"): a type's own columns
are plain attribute fields filled by its `of` classmethod, and a field with a resolver computes
something or reads a relation. A resolver that only hands on an attribute of a private row
(`return self.model.code`) is refused here."""

from __future__ import annotations

import ast
from pathlib import Path

GRAPHQL = Path(__file__).resolve().parents[2] / "jixiao" / "graphql"


def pass_through_resolvers(path: Path) -> list[str]:
    """`Class.field` (with its line) of every resolver in the file whose body only returns an
    attribute of one of its type's private rows: `return self.model.code`,
    `return self.details.role.name`. A private row is a `strawberry.Private[...]` attribute or a
    property; a resolver is a `@strawberry.field` method or one named by `resolver=`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    module_functions = {
        node.name: node
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    found: list[str] = []
    for cls in [node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]:
        methods = {
            node.name: node
            for node in cls.body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        private = {
            node.target.id
            for node in cls.body
            if isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and "Private[" in ast.unparse(node.annotation)
        } | {name for name, method in methods.items() if _decorated(method, "property")}
        resolvers = [
            method for method in methods.values() if _decorated(method, "strawberry.field")
        ]
        for name in _named_resolvers(cls):
            function = methods.get(name) or module_functions.get(name)
            if function is not None:
                resolvers.append(function)
        found.extend(
            f"{cls.name}.{resolver.name}:{resolver.lineno}"
            for resolver in resolvers
            if _hands_on_private(resolver, private)
        )
    return found


def _decorated(function: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> bool:
    return any(ast.unparse(d).split("(")[0] == name for d in function.decorator_list)


def _named_resolvers(cls: ast.ClassDef) -> list[str]:
    """Functions named by `strawberry.field(resolver=...)` in the class body."""
    names: list[str] = []
    for node in cls.body:
        call = node.value if isinstance(node, ast.AnnAssign | ast.Assign) else None
        if isinstance(call, ast.Call) and ast.unparse(call.func) == "strawberry.field":
            names.extend(
                keyword.value.id
                for keyword in call.keywords
                if keyword.arg == "resolver" and isinstance(keyword.value, ast.Name)
            )
    return names


def _hands_on_private(function: ast.FunctionDef | ast.AsyncFunctionDef, private: set[str]) -> bool:
    body = [
        statement
        for statement in function.body
        if not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant))
    ]
    if len(body) != 1 or not isinstance(body[0], ast.Return):
        return False
    chain: list[str] = []
    value = body[0].value
    while isinstance(value, ast.Attribute):
        chain.insert(0, value.attr)
        value = value.value
    first = function.args.args[0].arg if function.args.args else ""
    on_self = isinstance(value, ast.Name) and value.id == first
    return on_self and len(chain) >= 2 and chain[0] in private


def test_no_resolver_only_hands_on_a_private_rows_attribute() -> None:
    wrong = [
        f"{path.relative_to(GRAPHQL.parent.parent)} {where}"
        for path in sorted(GRAPHQL.rglob("*.py"))
        for where in pass_through_resolvers(path)
    ]
    assert not wrong, (
        "a type's own columns are plain fields filled by its `of` classmethod, not resolvers "
        "that return an attribute of a private row:\n" + "\n".join(wrong)
    )


def test_the_check_catches_a_pass_through_resolver(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import strawberry\n"
        "\n"
        "\n"
        "def _title(root: 'Notice') -> str:\n"
        "    return root.details.notice.title\n"
        "\n"
        "\n"
        "@strawberry.type\n"
        "class Unit:\n"
        "    model: strawberry.Private[Row]\n"
        "    name: str = strawberry.field(description='A plain column.')\n"
        "\n"
        "    @strawberry.field(description='Handed on.')\n"
        "    def code(self) -> str:\n"
        "        return self.model.code\n"
        "\n"
        "    @strawberry.field(description='Computed: allowed.')\n"
        "    def label(self) -> str:\n"
        "        return LABELS[self.model.kind]\n"
        "\n"
        "    @strawberry.field(description='Its own attribute: no private row.')\n"
        "    def shouted(self) -> str:\n"
        "        return self.name.upper\n"
        "\n"
        "\n"
        "@strawberry.type\n"
        "class Notice:\n"
        "    details: strawberry.Private[Details]\n"
        "    title: str = strawberry.field(resolver=_title, description='Handed on too.')\n"
    )
    assert pass_through_resolvers(sample) == ["Unit.code:14", "Notice._title:4"]
