"""The data API (issue 23): the CLI's frames as JSON or CSV, 400 on a bad parameter, ETag / 304,
a complete OpenAPI document, and no Streamlit in ``ipdash.api``."""

from __future__ import annotations

import io
import math
import subprocess
import sys

import pandas as pd
import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route

from ipdash.api import headers as sec
from ipdash.api import openapi
from ipdash.api.params import ENDPOINTS
from ipdash.api.routes import PREFIX, ROUTES
from ipdash.cli import main as cli
from ipdash.export_safe import neutralise_cell
from tests.asgi_call import call
from tests.conftest import REPO

APP = Starlette(routes=ROUTES, middleware=[Middleware(sec.SecurityHeaders)])

# (API endpoint and query, the same rows from the CLI)
SAME = [
    ("targets", "", ["targets"]),
    ("targets", "lang=en", ["targets", "--lang", "en"]),
    ("status", "", ["status"]),
    ("status", "as_of=2023&method=linear", ["status", "--as-of", "2023", "--method", "linear"]),
    ("status", "illustrative=false", ["status", "--no-illustrative"]),
    ("actuals", "", ["actuals"]),
    ("actuals", "illustrative=false", ["actuals", "--no-illustrative"]),
    ("milestones", "", ["milestones"]),
    (
        "milestones",
        "status=not_assessed&overdue=true&on=2031-01-01",
        ["milestones", "--status", "not_assessed", "--overdue", "--on", "2031-01-01"],
    ),
]


def _cli(argv: list[str], capsys) -> str:
    capsys.readouterr()
    assert cli.main(argv) == 0
    return capsys.readouterr().out


def _cell(v) -> str:
    """A JSON value as the CLI's CSV writes it (formula cells neutralised, missing as empty)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, str):
        return neutralise_cell(v)
    return repr(float(v)) if isinstance(v, float) else str(v)


def _same_cell(api: str, cli_text: str) -> bool:
    if api == cli_text:
        return True
    try:  # 2023 (int in JSON) vs 2023.0 (a float column in the CSV), 0.1 vs 0.1000…
        a, b = float(api), float(cli_text)
    except ValueError:
        return False
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=0.0)


@pytest.mark.parametrize(("endpoint", "query", "argv"), SAME, ids=[f"{e}?{q}" for e, q, _ in SAME])
def test_api_gives_the_cli_rows_as_csv_and_as_json(built_data, capsys, endpoint, query, argv):
    expected = _cli(argv, capsys)
    assert len(expected.splitlines()) > 1, "the CLI printed no rows: the comparison would prove nothing"
    csv = call(APP, f"{PREFIX}/{endpoint}", "&".join(x for x in (query, "format=csv") if x))
    assert csv.status == 200 and csv.headers["content-type"].startswith("text/csv")
    assert csv.body.decode("utf-8") == expected  # byte for byte

    js = call(APP, f"{PREFIX}/{endpoint}", query)
    assert js.status == 200 and js.headers["content-type"] == "application/json"
    doc = js.json()
    ref = pd.read_csv(io.StringIO(expected), dtype=str, keep_default_na=False)
    assert doc["endpoint"] == endpoint and doc["count"] == len(ref) == len(doc["rows"])
    assert [neutralise_cell(c) for c in doc["columns"]] == list(ref.columns)
    for i, (row, want) in enumerate(zip(doc["rows"], ref.to_dict("records"))):
        for col, api_value in row.items():
            assert _same_cell(_cell(api_value), want[col]), f"row {i} {col}: API {api_value!r}, CLI {want[col]!r}"


def test_status_filters_by_area_and_keeps_one_language(built_data):
    every = call(APP, f"{PREFIX}/status").json()
    doc = call(APP, f"{PREFIX}/status", "area=pudong&lang=en").json()
    assert 0 < doc["count"] < every["count"]
    assert {r["area"] for r in doc["rows"]} == {"pudong"}
    assert doc["count"] == sum(r["area"] == "pudong" for r in every["rows"])
    assert "explanation_en" in doc["columns"] and "explanation_zh" not in doc["columns"]
    zh = call(APP, f"{PREFIX}/status", "lang=zh").json()
    assert "explanation_zh" in zh["columns"] and "explanation_en" not in zh["columns"]


@pytest.mark.parametrize(
    ("endpoint", "query", "parameter", "words"),
    [
        ("status", "as_of=abc", "as_of", "not a year"),
        ("status", "as_of=1850", "as_of", "between 1990 and 2100"),
        ("status", "method=cubic", "method", "linear"),
        ("status", "area=nowhere", "area", "unknown area nowhere"),
        ("status", "lang=fr", "lang", "zh, en"),
        ("targets", "format=xml", "format", "json, csv"),
        ("targets", "colour=red", "colour", "unknown parameter colour"),
        ("actuals", "area=pudong&area=jingan", "area", "given 2 times"),
        ("actuals", "indicator=zzz", "indicator", "unknown indicator zzz"),
        ("actuals", "illustrative=maybe", "illustrative", "not true or false"),
        ("milestones", "on=2026-13-01", "on", "not a date"),
        ("milestones", "status=finished", "status", "unknown status finished"),
        ("milestones", "overdue=", "overdue", "is empty"),
    ],
)
def test_a_bad_parameter_is_a_400_that_says_what_is_wrong(built_data, endpoint, query, parameter, words):
    r = call(APP, f"{PREFIX}/{endpoint}", query)
    assert r.status == 400, r.body
    body = r.json()
    assert body["parameter"] == parameter and words in body["error"], body


def test_an_unknown_path_under_the_api_is_a_json_404(built_data):
    r = call(APP, f"{PREFIX}/tragets")
    assert r.status == 404 and "openapi.json" in r.json()["error"]


def test_etag_follows_the_data_version_and_if_none_match_gives_304(fresh_data):
    from ipdash.store import build

    first = call(APP, f"{PREFIX}/status")
    etag = first.headers["etag"]
    assert etag.startswith('"') and first.headers["cache-control"] == "no-cache"
    again = call(APP, f"{PREFIX}/status", headers={"If-None-Match": etag})
    assert again.status == 304 and again.body == b"" and again.headers["etag"] == etag
    assert call(APP, f"{PREFIX}/status", headers={"If-None-Match": f'"other", W/{etag}'}).status == 304
    assert call(APP, f"{PREFIX}/status", "area=pudong").headers["etag"] != etag  # other rows, other tag
    assert call(APP, f"{PREFIX}/status", headers={"If-None-Match": '"stale"'}).status == 200
    build.build()  # the store is rewritten: a new data version
    after = call(APP, f"{PREFIX}/status", headers={"If-None-Match": etag})
    assert after.status == 200 and after.headers["etag"] != etag


def test_openapi_document_is_valid_and_has_every_route_and_parameter(built_data):
    r = call(APP, f"{PREFIX}/openapi.json")
    assert r.status == 200
    doc = r.json()
    assert doc == openapi.document(PREFIX)
    routes = [x.path for x in ROUTES if isinstance(x, Route) and "{" not in x.path]
    assert sorted(routes) == sorted(doc["paths"]), "every route (and nothing else) is documented"
    for name, (_, params) in ENDPOINTS.items():
        op = doc["paths"][f"{PREFIX}/{name}"]["get"]
        assert [p["name"] for p in op["parameters"]] == [p.name for p in params]
        assert {"200", "304", "400", "503"} <= set(op["responses"])
    assert set(ENDPOINTS) == {"targets", "status", "actuals", "milestones"}
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(doc)


def test_every_api_answer_carries_the_security_headers(built_data, monkeypatch):
    r = call(APP, f"{PREFIX}/targets", "format=csv")
    assert r.headers["content-security-policy"] == "frame-ancestors 'self'"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert r.headers["x-frame-options"] == "SAMEORIGIN"
    monkeypatch.setenv(sec.ENV, "'self'  https://portal.example.gov.cn")
    app = Starlette(routes=ROUTES, middleware=[Middleware(sec.SecurityHeaders)])
    r = call(app, f"{PREFIX}/openapi.json")
    assert r.headers["content-security-policy"] == "frame-ancestors 'self' https://portal.example.gov.cn"
    assert "x-frame-options" not in r.headers  # it cannot name another origin; CSP does


@pytest.mark.parametrize("bad", ["https://a.example; script-src *", "'self' 'none'", "javascript:alert(1) x'y", '"x"'])
def test_a_bad_frame_ancestors_setting_stops_the_start(bad):
    with pytest.raises(ValueError, match="IPDASH_FRAME_ANCESTORS"):
        sec.frame_ancestors(bad)
    assert sec.frame_ancestors("") == "'self'" and sec.frame_ancestors("'none'") == "'none'"


def test_the_api_package_loads_no_streamlit():
    code = "import sys, ipdash.api.routes, ipdash.api.headers; assert 'streamlit' not in sys.modules, 'streamlit'"
    p = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr


def test_docs_api_names_every_endpoint_and_parameter():
    doc = (REPO / "docs" / "api.md").read_text(encoding="utf-8")
    for name, (_, params) in ENDPOINTS.items():
        row = next((line for line in doc.splitlines() if line.startswith(f"| `GET {PREFIX}/{name}`")), "")
        assert row, f"docs/api.md has no table row for {PREFIX}/{name}"
        missing = [p.name for p in params if f"`{p.name}`" not in row]
        assert not missing, f"docs/api.md's row for {name} does not name {missing}"
    assert f"{PREFIX}/openapi.json" in doc and sec.ENV in doc
