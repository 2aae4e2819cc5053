"""Reading YAML or JSON documents with every number as an exact Decimal."""

from __future__ import annotations

import errno
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from jixiao.engine.formats.fast_json import loads_exact, with_decimals
from jixiao.engine.formats.issues import FormatError, Issue, IssueCode

BOM = "\ufeff".encode()
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class InvalidNumber(str):
    """A YAML float token that is not a finite decimal (`.inf`, `.nan`, `1:30.5`)."""


class _DecimalLoader(_BaseLoader):  # type: ignore[misc]
    """Safe YAML loader: floats become Decimal from their text; duplicate keys are refused."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _value in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, list | dict):
                continue  # unhashable keys are reported by the base constructor
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    f"重复的键“{key}”",
                    key_node.start_mark,
                )
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping

    def construct_document(self, node: yaml.Node) -> Any:
        """The document built straight from its nodes when every node is plain (see `_plain`);
        else, with every message, by PyYAML's constructor. Plain documents, the ones people
        write, are read about twice as fast."""
        try:
            return self._plain(node, set())
        except (_NotPlain, RecursionError):
            return super().construct_document(node)

    def _plain(self, node: yaml.Node, seen: set[int]) -> Any:
        """A node without aliases, merge keys, repeated keys or collection tags other than
        `!!seq` and `!!map`, whose scalars have a constructor; else `_NotPlain`."""
        kind, tag = type(node), node.tag
        if kind is yaml.ScalarNode:
            if tag == _STR:
                return node.value
            make = self.yaml_constructors.get(tag)
            if make is None or tag in _COLLECTIONS:
                raise _NotPlain
            return make(self, node)
        if id(node) in seen:
            raise _NotPlain  # an alias: shared (or recursive) as PyYAML builds it
        seen.add(id(node))
        if kind is yaml.SequenceNode and tag == _SEQ:
            return [self._plain(child, seen) for child in node.value]
        if kind is yaml.MappingNode and tag == _MAP:
            mapping: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if type(key_node) is not yaml.ScalarNode or key_node.tag == _MERGE:
                    raise _NotPlain
                key = self._plain(key_node, seen)
                if key in mapping:
                    raise _NotPlain  # PyYAML's path names it, with its place
                mapping[key] = self._plain(value_node, seen)
            return mapping
        raise _NotPlain


class _NotPlain(Exception):
    """A YAML node that `_DecimalLoader._plain` leaves to PyYAML's constructor."""


_STR, _SEQ, _MAP, _MERGE = (f"tag:yaml.org,2002:{name}" for name in ("str", "seq", "map", "merge"))
_COLLECTIONS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("seq", "map", "set", "omap", "pairs")
)


def _construct_decimal(loader: Any, node: yaml.ScalarNode) -> Decimal | InvalidNumber:
    text = str(loader.construct_scalar(node))
    try:
        number = Decimal(text.replace("_", ""))
    except InvalidOperation:
        return InvalidNumber(text)
    return number if number.is_finite() else InvalidNumber(text)


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"重复的键“{key}”")
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(f"不接受 {name}：数值必须是有限的数字")


def parse_text(text: str, file: str, syntax: str | None = None) -> object:
    """Parse a YAML or JSON document (`syntax` 'yaml'/'json', or guessed from the text)."""
    if syntax is None:
        syntax = "json" if text.lstrip().startswith(("{", "[")) else "yaml"
    if syntax == "json":
        fast = loads_exact(text.encode("utf-8", "surrogatepass"))
        if fast is not None:
            return with_decimals(fast)
        try:
            return json.loads(
                text,
                parse_float=Decimal,
                parse_constant=_reject_constant,
                object_pairs_hook=_no_duplicate_keys,
            )
        except json.JSONDecodeError as error:
            where = f"第{error.lineno}行第{error.colno}列"
            raise FormatError(
                [Issue(file, where, f"JSON 语法错误：{error.msg}", IssueCode.SYNTAX)]
            ) from error
        except ValueError as error:
            raise FormatError([Issue(file, "", f"JSON 错误：{error}", IssueCode.SYNTAX)]) from error
        except RecursionError:
            raise FormatError([Issue(file, "", _TOO_DEEP, IssueCode.SYNTAX)]) from None
    try:
        return yaml.load(text, Loader=_DecimalLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"第{mark.line + 1}行第{mark.column + 1}列" if mark is not None else ""
        problem = error.problem or str(error)
        raise FormatError(
            [Issue(file, where, f"YAML 语法错误：{problem}", IssueCode.SYNTAX)]
        ) from error
    except yaml.YAMLError as error:
        raise FormatError([Issue(file, "", f"YAML 语法错误：{error}", IssueCode.SYNTAX)]) from error


# libyaml refuses past 1,000 levels itself ("exceeded maximum nesting depth").
_TOO_DEEP = "JSON 语法错误：嵌套层数过多（列表或映射套了上千层）"

_OS_REASONS = {
    errno.ENOENT: "文件不存在",
    errno.EACCES: "没有读取权限",
    errno.EISDIR: "这是一个文件夹，不是文件",
}


def read_document(path: Path) -> object:
    """Read a YAML or JSON file (chosen by its suffix, else by its first character)."""
    raw = read_bytes(path)
    if is_json(path, raw):
        fast = loads_exact(raw.removeprefix(BOM))
        if fast is not None:
            return with_decimals(fast)
    return parse_bytes(raw, path)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or FormatError saying why it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as error:
        reason = _OS_REASONS.get(error.errno or 0, error.strerror or str(error))
        raise FormatError(
            [Issue(str(path), "", f"无法读取文件：{reason}", IssueCode.UNREADABLE)]
        ) from error


def _syntax(path: Path) -> str | None:
    suffix = path.suffix.lower()
    return "json" if suffix == ".json" else "yaml" if suffix in (".yaml", ".yml") else None


def is_json(path: Path, raw: bytes) -> bool:
    """Whether the file is read as JSON: by its suffix, else by its first character."""
    syntax = _syntax(path)
    if syntax is not None:
        return syntax == "json"
    return raw.removeprefix(BOM).lstrip().startswith((b"{", b"["))


def parse_bytes(raw: bytes, path: Path) -> object:
    """Decode and parse a file's bytes on the exact path (`json` or YAML with Decimal)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FormatError(
            [Issue(str(path), "", "文件不是 UTF-8 编码的文本", IssueCode.UNREADABLE)]
        ) from error
    return parse_text(text, str(path), _syntax(path))
