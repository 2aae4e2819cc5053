"""Notice bodies keep a small whitelist of HTML: no scripts, handlers or javascript: links."""

from __future__ import annotations

import pytest

from jixiao.notices.sanitize import plain_text, safe_href, sanitize_html


def test_formatting_survives() -> None:
    source = (
        "<h2>通知</h2><p>请于<strong>3月31日</strong>前<em>完成</em>。</p>"
        '<ol><li>一</li><li>二</li></ol><table><tr><td colspan="2">合计</td></tr></table>'
    )
    assert sanitize_html(source) == source


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<p>hi<script>alert(1)</script></p>", "<p>hi</p>"),
        ('<p onclick="steal()" style="x">hi</p>', "<p>hi</p>"),
        ('<img src=x onerror="alert(1)">after', "after"),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href=" JaVa\tScRiPt:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="&#106;avascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="data:text/html,&lt;script&gt;">x</a>', "<a>x</a>"),
        ("<iframe src=//evil></iframe><style>*{}</style>ok", "ok"),
        ("<svg><script>x</script></svg>ok", "ok"),
        ("a &lt;b&gt; &amp; c", "a &lt;b&gt; &amp; c"),
        ("<p>open", "<p>open</p>"),
        # (a stray `</p>` is an empty paragraph to HTML5 parsers, browsers and nh3 alike)
        ("</div>stray</span>", "stray"),
        ("<ul><li>1<li>2</ul>", "<ul><li>1</li><li>2</li></ul>"),
        ("<!-- secret --><p>x</p>", "<p>x</p>"),
        # (a cell outside a table is no cell to HTML5 parsers: this one is in its table)
        (
            '<table><tr><td colspan="9999">x</td></tr></table>',
            "<table><tr><td>x</td></tr></table>",
        ),
    ],
)
def test_what_is_not_safe_is_dropped(source: str, expected: str) -> None:
    assert sanitize_html(source) == expected


def test_links_keep_safe_targets_and_open_safely() -> None:
    body = sanitize_html(
        '<a href="https://www.gov.cn/x?a=1&b=2" target="_blank" title="国务院">链接</a>'
    )
    assert body == (
        '<a href="https://www.gov.cn/x?a=1&amp;b=2" target="_blank" title="国务院"'
        ' rel="noopener noreferrer">链接</a>'
    )
    assert safe_href("/notices/1") == "/notices/1"
    assert safe_href("mailto:office@jinfeng.gov.cn") == "mailto:office@jinfeng.gov.cn"
    assert safe_href("//evil.example/x") is None
    assert safe_href("vbscript:x") is None


def test_plain_text_for_previews_and_mail() -> None:
    assert plain_text("<p>请于<br>月底前</p><script>x()</script><p>完成</p>") == "请于 月底前 完成"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # html5ever parses as browsers do: a mangled tag or attribute the browser would read as
        # markup is read as markup here too, and dropped.
        ("<scr<script>ipt>alert(1)</script>x", "ipt&gt;alert(1)x"),
        ('<a href="java&#x0A;script:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="//evil.example/x">x</a>', "<a>x</a>"),
        ("<p/onmouseover=alert(1)>x</p>", "<p>x</p>"),
        ('<math><mtext><table><mglyph><style><img src=x onerror="alert(1)">', ""),
        ('<a href="/x" target="_top">x</a>', '<a href="/x">x</a>'),
    ],
)
def test_what_browsers_would_read_as_markup_is_dropped_too(source: str, expected: str) -> None:
    assert sanitize_html(source) == expected
