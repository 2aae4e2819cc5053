"""HTML to PDF through WeasyPrint, imported only when a report is made.

The server and the CLI start without it; a machine whose system lacks pango (WeasyPrint's text
layout) fails the report's job with `PdfUnavailable`, which says what to install.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from jixiao.platform.errors import DomainError


class PdfUnavailable(DomainError):
    """This machine cannot make PDF files (WeasyPrint or its system libraries are missing)."""


@dataclass(frozen=True)
class Pdf:
    content: bytes
    pages: int


def _weasyprint() -> Any:
    try:
        import weasyprint
        import weasyprint.text.fonts
    except (ImportError, OSError) as missing:
        raise PdfUnavailable(
            "服务器无法生成 PDF：缺少 WeasyPrint 或其系统组件 pango（Debian：apt-get install "
            f"libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk）：{missing}"
        ) from None
    return weasyprint


def render(parts: Sequence[str], progress: Callable[[int, int], None] | None = None) -> Pdf:
    """One PDF of the HTML documents `parts`, each starting on a new page and numbering its
    own pages; `progress(done, total)` after each part is laid out."""
    if not parts:
        raise ValueError("nothing to render")
    weasyprint = _weasyprint()
    fonts = weasyprint.text.fonts.FontConfiguration()
    documents = []
    for done, html in enumerate(parts, start=1):
        documents.append(weasyprint.HTML(string=html).render(font_config=fonts))
        if progress is not None:
            progress(done, len(parts))
    pages = [page for document in documents for page in document.pages]
    content: bytes = documents[0].copy(pages).write_pdf()
    return Pdf(content, len(pages))
