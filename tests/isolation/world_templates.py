"""金凤区's own template (指标库) for the isolation world: its scheme saved as a template, which
no other tenant may see, start a scheme from, replace or remove."""

from __future__ import annotations

from typing import Any

SAVE = """mutation($s: String!, $i: SaveSchemeTemplateInput!) {
  saveSchemeAsTemplate(schemeCode: $s, input: $i) { template { code } errors { message } } }"""


def build_templates(office: Any, scheme_code: str, ident: str, marker: str) -> None:
    """`office` is a signed-in `world.Client` of 金凤区's 考评办."""
    given = {"code": f"jf{ident}-lib", "name": f"{marker} 指标库", "description": f"{marker} 说明"}
    saved = office.ok(SAVE, {"s": scheme_code, "i": given})["saveSchemeAsTemplate"]
    assert saved == {"template": {"code": given["code"]}, "errors": []}, saved
