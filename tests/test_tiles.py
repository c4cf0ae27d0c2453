"""The overview's tiles as HTML (ipdash.ui.tiles): every text escaped, links URL-encoded, one
tile per target with the status as colour, icon and word."""

from __future__ import annotations

import html
from urllib.parse import parse_qs, urlsplit

from ipdash.frames import verdicts
from ipdash.settings import ViewSettings
from ipdash.ui import tiles

HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)> & "quote"'


def _row(**kw) -> dict:
    row = {
        "target_id": "XX26-01",
        "target_year": 2026,
        "status": "at_risk",
        "status_icon": "◆",
        "status_label": "at risk",
        "uses_illustrative": True,
        "indicator_name": "Patents",
        "target_text": "≥ 10",
        "current_label": "2025 actual",
        "current_text": "8",
        "projected_text": "9",
        "p_meet_text": "40%",
        "required_text": "+2 a year",
        "margin_text": "—",
        "basis": "projection",
    }
    row.update(kw)
    return row


def test_catalog_text_is_escaped_never_markup():
    row = _row(indicator_name=HOSTILE, target_text=HOSTILE, current_label=HOSTILE, target_id="X<i>")
    href = tiles.detail_href(HOSTILE, view=ViewSettings(), as_of=None, base="")
    out = tiles._tile(row, lang="en", href=href)
    assert "<script" not in out and "<img" not in out and "<i>" not in out
    assert html.escape(HOSTILE) in out
    link = html.unescape(out.split('href="', 1)[1].split('"', 1)[0])
    assert parse_qs(urlsplit(link).query)["det_target"] == [HOSTILE]


def test_tile_shows_status_word_icon_and_numbers():
    out = tiles._tile(_row(), lang="en", href="/detail?x=1")
    for text in ("◆ at risk", "illustrative", "XX26-01 · 2026", "Patents", "≥ 10", "2025 actual", "40%", "+2 a year"):
        assert html.escape(text) in out
    assert 'class="ipd-badge ipd-s-at_risk"' in out and 'class="ipd-link" href="/detail?x=1"' in out
    decided = tiles._tile(_row(basis="actual", margin_text="short by 2", projected_text="—"), lang="en", href="/d")
    assert "short by 2" in decided and "P(meet)" not in decided and "Projected" not in decided


def test_detail_href_carries_shell_and_as_of():
    h = tiles.detail_href("YP26-02", view=ViewSettings(lang="en", include_illustrative=False), as_of=2023, base="/ipd")
    q = parse_qs(urlsplit(h).query)
    assert h.startswith("/ipd/detail?")
    assert q == {"lang": ["en"], "illus": ["false"], "det_target": ["YP26-02"], "det_asof": ["2023"]}


def test_tile_html_one_per_target(built_data):
    view = ViewSettings(lang="zh")
    frame = verdicts.status_frame(view=view)
    got = tiles.tile_html(tuple(frame["target_id"]), view=view)
    assert list(got.index) == list(frame["target_id"])
    assert list(tiles.tile_html(("YP26-09", "PD24-01"), view=view).index) == ["PD24-01", "YP26-09"]  # frame order
    for tid, piece in got.items():
        assert f'data-target="{tid}"' in piece
        link = html.unescape(piece.split('class="ipd-link" href="', 1)[1].split('"', 1)[0])
        assert link.startswith("/detail?") and parse_qs(urlsplit(link).query)["det_target"] == [tid]
