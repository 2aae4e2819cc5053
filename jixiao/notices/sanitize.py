"""A small HTML sanitiser for notice bodies (html.parser, a whitelist, nothing else).

Only the tags and attributes of `ALLOWED` survive; everything inside `DROPPED_WITH_CONTENT`
(scripts, styles, frames…) goes with its content; event handlers and `style` are never kept;
links keep only http(s), mailto, site-relative and fragment targets. Text is escaped again on the
way out, so what is stored is well-formed and inert.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

ALLOWED: dict[str, frozenset[str]] = {
    **{
        tag: frozenset()
        for tag in (
            "p",
            "br",
            "hr",
            "strong",
            "b",
            "em",
            "i",
            "u",
            "s",
            "sub",
            "sup",
            "blockquote",
            "pre",
            "code",
            "ul",
            "ol",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "span",
            "div",
            "table",
            "thead",
            "tbody",
            "tfoot",
            "tr",
            "caption",
        )
    },
    "a": frozenset({"href", "title", "target"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan"}),
}
VOID = frozenset({"br", "hr"})
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math",
     "textarea", "select", "head", "title", "frameset", "frame", "applet"}
)  # fmt: skip
_IMPLIED_END: dict[str, tuple[str, ...]] = {
    "li": ("li",),
    "tr": ("td", "th", "tr"),
    "td": ("td", "th"),
    "th": ("td", "th"),
    "p": ("p",),
}
_SAFE_SCHEMES = ("http:", "https:", "mailto:")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_NUMBER = re.compile(r"^[1-9][0-9]?$")


def sanitize_html(source: str) -> str:
    """The source reduced to the whitelist: safe to store and to show as HTML."""
    parser = _Sanitiser()
    parser.feed(source)
    parser.close()
    return parser.result()


def plain_text(source: str) -> str:
    """The text of (sanitised) HTML, whitespace collapsed: for e-mails and previews."""
    parser = _Text()
    parser.feed(source)
    parser.close()
    return " ".join("".join(parser.parts).split())


def safe_href(value: str) -> str | None:
    """The link target if it is harmless, else None (`javascript:`, `data:`, `vbscript:`…)."""
    cleaned = _CONTROL.sub("", html.unescape(value)).strip()
    lowered = cleaned.lower()
    if lowered.startswith(_SAFE_SCHEMES):
        return cleaned
    if lowered.startswith(("#", "/")) and not lowered.startswith("//"):
        return cleaned
    if ":" not in lowered.split("/", 1)[0] and not lowered.startswith("//") and lowered:
        return cleaned  # relative, e.g. `notices/1`
    return None


class _Sanitiser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping or tag in DROPPED_WITH_CONTENT:
            if tag in DROPPED_WITH_CONTENT and tag not in VOID:
                self.skipping.append(tag)
            return
        if tag not in ALLOWED:
            return
        implied = _IMPLIED_END.get(tag, ())
        while self.open and self.open[-1] in implied:  # `<li>1<li>2`: the first one ends
            self.out.append(f"</{self.open.pop()}>")
        kept = _attributes(tag, attrs)
        rendered = "".join(f' {name}="{html.escape(value, quote=True)}"' for name, value in kept)
        self.out.append(f"<{tag}{rendered}>")
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            self.handle_starttag(tag, attrs)
        elif not self.skipping and tag in ALLOWED:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag not in self.open:
            return  # a stray end tag
        while self.open:
            closing = self.open.pop()
            self.out.append(f"</{closing}>")
            if closing == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(html.escape(data, quote=False))

    def result(self) -> str:
        return "".join(self.out) + "".join(f"</{tag}>" for tag in reversed(self.open))


def _attributes(tag: str, attrs: list[tuple[str, str | None]]) -> list[tuple[str, str]]:
    allowed = ALLOWED[tag]
    kept: list[tuple[str, str]] = []
    for name, value in attrs:
        if name not in allowed or value is None or name in {n for n, _ in kept}:
            continue
        if name == "href":
            href = safe_href(value)
            if href is None:
                continue
            value = href
        elif name == "target":
            if value != "_blank":
                continue
        elif name in {"colspan", "rowspan"} and not _NUMBER.match(value.strip()):
            continue
        kept.append((name, value.strip() if name != "title" else value))
    if tag == "a" and any(name == "target" for name, _ in kept):
        kept.append(("rel", "noopener noreferrer"))
    return kept


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED_WITH_CONTENT:
            self.skipping += 1
        elif tag in {"p", "br", "li", "div", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED_WITH_CONTENT and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)
