"""The HTML sanitiser of notice bodies: nh3 (Rust's ammonia on html5ever) with a whitelist.

A hand-written parser is one more HTML dialect for an attacker to confuse; html5ever parses the
way browsers do. Only the tags and attributes of `ALLOWED` survive; everything inside
`DROPPED_WITH_CONTENT` (scripts, styles, frames…) goes with its content; event handlers and
`style` are never kept; links keep only http(s), mailto, site-relative and fragment targets;
comments go. What comes out is well-formed, re-escaped and inert.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import nh3

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
            "tfoot",
            "tr",
            "caption",
        )
    },
    # No `tbody`: html5ever adds one to every table, so keeping it would rewrite every table
    # the editor sends; browsers imply it again when they show the notice.
    "a": frozenset({"href", "title", "target"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan"}),
}
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math",
     "textarea", "select", "head", "title", "frameset", "frame", "applet"}
)  # fmt: skip
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_NUMBER = re.compile(r"^[1-9][0-9]?$")
_SAFE_SCHEMES = ("http:", "https:", "mailto:")
# An opening <a> tag as nh3 writes it: every value double-quoted, `"` `<` `>` escaped inside.
_LINK = re.compile(r'<a((?: [^\s="<>]+="[^"]*")*)>')
_NEW_WINDOW = ' target="_blank"'


def sanitize_html(source: str) -> str:
    """The source reduced to the whitelist: safe to store and to show as HTML."""
    cleaned = nh3.clean(
        source,
        tags=set(ALLOWED),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED.items() if names},
        attribute_filter=_attribute,
        strip_comments=True,
        link_rel=None,
        url_schemes={"http", "https", "mailto"},
    )
    # A link that opens a new window must not hand it `window.opener` (nor the referrer);
    # nh3's `link_rel` would put that on every link, so it goes only where it is needed.
    return _LINK.sub(_with_rel, cleaned)


def plain_text(source: str) -> str:
    """The text of (sanitised) HTML, whitespace collapsed: for e-mails and previews."""
    parser = _Text()
    parser.feed(source)
    parser.close()
    return " ".join("".join(parser.parts).split())


def safe_href(value: str) -> str | None:
    """The link target if it is harmless, else None (`javascript:`, `data:`, `vbscript:`,
    protocol-relative `//host`, which nh3 would take for a relative link…)."""
    cleaned = _CONTROL.sub("", html.unescape(value)).strip()
    lowered = cleaned.lower()
    if lowered.startswith(_SAFE_SCHEMES):
        return cleaned
    if lowered.startswith(("#", "/")) and not lowered.startswith("//"):
        return cleaned
    if ":" not in lowered.split("/", 1)[0] and not lowered.startswith("//") and lowered:
        return cleaned  # relative, e.g. `notices/1`
    return None


def _attribute(tag: str, name: str, value: str) -> str | None:
    """nh3's per-attribute hook: the value to keep, or None to drop the attribute."""
    if name == "href":
        return safe_href(value)
    if name == "target":
        return value if value == "_blank" else None
    if name in {"colspan", "rowspan"}:
        return value.strip() if _NUMBER.match(value.strip()) else None
    return value if name == "title" else value.strip()


def _with_rel(link: re.Match[str]) -> str:
    attributes = link.group(1)
    if _NEW_WINDOW in attributes:
        return f'<a{attributes} rel="noopener noreferrer">'
    return link.group(0)


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
