"""Bounded work per upload: one size limit everywhere, cells counted while streaming, zip bombs
refused from the zip directory, a parse deadline, no DTDs, a validation cache bounded in bytes
and time. Every refusal leaves the store byte-identical.
"""

from __future__ import annotations

import io
import re
import time
import tomllib
import zipfile

import pytest

from ipdash import i18n, paths
from ipdash.ingest import commit, validate, vcache
from ipdash.sheets import limits, xlsx
from ipdash.sheets import read as ingest_read
from ipdash.sheets.limits import CellBudget, Deadline, LimitExceeded
from tests.corpus import helpers
from tests.corpus.make_office import excel

HEAD = ["地区", "指标", "年份", "数值"]


def _big_xlsx(rows: int) -> bytes:
    return excel({"S": [HEAD, *[["浦东新区", "PCT国际专利申请量", 1990 + i % 30, i] for i in range(rows)]]})


# ---------------------------------------------------------------- one size limit
def test_one_size_limit_in_code_widget_server_and_proxy():
    config = tomllib.loads((paths.REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == limits.MAX_MB
    assert ingest_read.MAX_BYTES == limits.MAX_MB * 1_000_000
    # Streamlit's server counts a MB as 1 048 576 bytes: a file the reader accepts is never cut off first
    assert config["server"]["maxUploadSize"] * 1024 * 1024 >= limits.MAX_BYTES
    from ipdash.ui import upload as uu

    assert uu.MAX_MB == limits.MAX_MB
    nginx = (paths.REPO / "deploy" / "nginx-ipdash.conf").read_text(encoding="utf-8")
    assert re.search(r"client_max_body_size (\d+)m;", nginx).group(1) == str(limits.MAX_MB + 1)


def test_size_refusal_speaks_both_languages_with_the_same_number():
    t = ingest_read.read(b"x" * (limits.MAX_BYTES + 1), "big.csv")
    (p,) = t.problems
    assert p.code == "too_large"
    assert f"{limits.MAX_MB} MB" in p.expected_zh and f"{limits.MAX_MB} MB" in p.expected_en
    assert i18n.t("ingest.limit.size", "zh", mb=limits.MAX_MB) in p.expected_zh
    assert ingest_read.read(b"x" * limits.MAX_BYTES, "ok.csv").problems[0].code != "too_large"


def test_anti_framing_and_content_type_headers_in_the_proxy_config():
    nginx = (paths.REPO / "deploy" / "nginx-ipdash.conf").read_text(encoding="utf-8")
    # issue 23: the app's own default ('self'; IPDASH_FRAME_ANCESTORS may add the portal) — no other site
    for header in ('X-Frame-Options "SAMEORIGIN"', "frame-ancestors 'self'", 'X-Content-Type-Options "nosniff"'):
        assert f"add_header {header}" in nginx or header in nginx, header
    assert "proxy_set_header X-Real-IP $remote_addr;" in nginx


# ---------------------------------------------------------------- cells, time, zip
def test_cell_limit_is_enforced_while_the_sheet_streams(monkeypatch):
    data = _big_xlsx(20_000)
    monkeypatch.setattr(limits, "MAX_CELLS", 2_000)
    read_bytes = []
    real = xlsx._Guard.read

    def counting(self, n=-1):
        chunk = real(self, n)
        read_bytes.append(len(chunk))
        return chunk

    monkeypatch.setattr(xlsx._Guard, "read", counting)
    t = ingest_read.read(data, "big.xlsx")
    assert [p.code for p in t.problems] == ["too_many_cells"]
    sheet = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml").file_size
    assert sum(read_bytes) < sheet / 4  # stopped early: the rest of the sheet was never unpacked
    assert "2000" in t.problems[0].expected_zh and "2000" in t.problems[0].expected_en


def test_cell_limit_on_csv(monkeypatch):
    monkeypatch.setattr(limits, "MAX_CELLS", 100)
    rows = [HEAD, *[["浦东", "PCT", 2000 + i % 20, i] for i in range(100)]]
    assert [p.code for p in ingest_read.read(helpers.csv_bytes(rows), "x.csv").problems] == ["too_many_cells"]


def test_zip_bomb_is_refused_from_the_directory_before_unpacking(built_data):
    data = helpers.corpus_bytes("36_zip_bomb.xlsx")
    assert len(data) < 1_000_000  # 120 MB unpacked
    t0 = time.perf_counter()
    v = validate.validate(data, "bomb.xlsx")
    elapsed = time.perf_counter() - t0
    assert [p.code for p in v.errors] == ["unzipped_too_large"]
    assert elapsed < 2.0, elapsed  # measured 0.02–0.03 s; never minutes
    assert "MB" in v.errors[0].expected_zh


def test_part_unpacking_beyond_its_declared_size_is_refused():
    """A zip directory that lies: the part is refused at its declared size, not after unpacking it."""
    base = excel({"S": [HEAD, ["浦东", "PCT", 2024, 1]]})
    z = zipfile.ZipFile(io.BytesIO(base))
    reader = xlsx._Guard(z.open("xl/worksheets/sheet1.xml"), 100, Deadline())
    with pytest.raises(LimitExceeded) as exc:
        while reader.read(64):
            pass
    assert exc.value.code == "unzipped_too_large"


def test_too_many_zip_parts(monkeypatch):
    monkeypatch.setattr(limits, "MAX_ZIP_PARTS", 3)
    t = ingest_read.read(excel({"S": [HEAD]}), "x.xlsx")
    assert [p.code for p in t.problems] == ["unzipped_too_large"]


def test_parse_deadline(monkeypatch):
    monkeypatch.setattr(limits, "MAX_SECONDS", 0.0)
    for data, name in ((_big_xlsx(3_000), "x.xlsx"), (helpers.csv_bytes([HEAD] * 3_000), "x.csv")):
        t = ingest_read.read(data, name)
        assert [p.code for p in t.problems] == ["too_slow"], name
    assert Deadline(seconds=5).elapsed() < 5


def test_a_dtd_is_refused():
    def add_dtd(name, content):
        if name == "xl/workbook.xml":
            return content.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>', 1)
        return content

    t = ingest_read.read(excel({"S": [HEAD]}, edit=add_dtd), "x.xlsx")
    assert [p.code for p in t.problems] == ["xml_doctype"]


def test_cell_budget_counts():
    b = CellBudget(10)
    b.take(10)
    with pytest.raises(LimitExceeded):
        b.take(1)


# ---------------------------------------------------------------- refusals write nothing
def test_every_refused_corpus_file_leaves_the_store_byte_identical(fresh_data):
    admin = helpers.add_user("admin", ("*",))
    before = helpers.snapshot(fresh_data)
    manifest = helpers.manifest()
    refused = [n for n, e in manifest.items() if not e["accepted"]]
    assert len(refused) >= 18
    for name in refused:
        data = helpers.corpus_bytes(name)
        v = validate.validate(data, name, allowed_areas=set(manifest[name].get("allowed", [])) or "*")
        assert not v.ok, name
        with pytest.raises(commit.CommitError):
            commit.commit(v, data, admin, confirm_warnings=True)
        assert helpers.snapshot(fresh_data) == before, name


# ---------------------------------------------------------------- validation cache
def test_cache_is_bounded_in_bytes():
    c = vcache.BoundedCache(len, max_bytes=10, ttl_s=60)
    c.put("a", "xxxx")
    c.put("b", "xxxx")
    assert c.get("a") == "xxxx"  # a is now the most recent
    c.put("c", "xxxx")  # 12 > 10: the least recently used (b) goes
    assert c.get("b") is None and c.get("a") and c.get("c") and c.bytes == 8
    c.put("huge", "x" * 11)  # larger than the whole cache: never kept
    assert c.get("huge") is None and c.bytes <= 10


def test_cache_is_bounded_in_time(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(vcache.time, "monotonic", lambda: now[0])
    c = vcache.BoundedCache(len, max_bytes=100, ttl_s=60)
    c.put("a", "x")
    now[0] += 59
    assert c.get("a") == "x"
    now[0] += 2
    assert c.get("a") is None and c.bytes == 0 and len(c) == 0


def test_validations_are_cached_per_data_version(fresh_data):
    vcache.validations().clear()
    data = helpers.csv_bytes([HEAD, ["浦东", "PCT", 2016, 10]])
    a = vcache.validated(data, "a.csv", allowed_areas="*")
    assert vcache.validated(data, "a.csv", allowed_areas="*") is a
    assert a.raw.df.empty  # the raw strings are not kept once validated
    admin = helpers.add_user("admin", ("*",))
    commit.commit(a, data, admin)
    b = vcache.validated(data, "a.csv", allowed_areas="*")  # the data changed: validated again
    assert b is not a
    assert 0 < vcache.validations().bytes <= vcache.MAX_BYTES


def test_a_cached_validation_holds_no_more_than_it_counts(built_data):
    """The cache's bound is real memory: a validation of a big refused file keeps what ``nbytes`` says
    (the raw strings are gone, not hidden behind a view), measured by tracemalloc."""
    import gc
    import tracemalloc

    rows = [HEAD] + [["浦东", "PCT", 2000 + i % 20, i] for i in range(60_000)]  # duplicates: refused
    data = helpers.csv_bytes(rows)
    validate.validate(helpers.csv_bytes(rows[:1000]), "warm.csv", allowed_areas="*")  # the process's own caches
    gc.collect()
    tracemalloc.start()
    v = validate.validate(data, "big.csv", allowed_areas="*")
    gc.collect()
    with_v = tracemalloc.get_traced_memory()[0]
    assert v.errors and v.raw.df.empty
    counted = v.nbytes()
    del v
    gc.collect()
    held = with_v - tracemalloc.get_traced_memory()[0]  # what the validation itself kept alive
    tracemalloc.stop()
    assert held <= 2 * counted + 200_000, (held, counted)  # a view of the raw strings kept ~35 MB here
