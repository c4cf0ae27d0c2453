"""``sources.document_text``: each document's text, with the rows and the reference's quotes kept per data
version, is what reading the stored table and the reference CSV on every call gave (the former code, kept
here as the reference); an unknown id is refused."""

from __future__ import annotations

import pandas as pd
import pytest

from ipdash import catalog, paths
from ipdash.frames import sources
from ipdash.store import read


def _as_before(doc_id: str) -> str:
    docs = read.table("documents").set_index("doc_id")
    doc = docs.loc[doc_id].to_dict()
    if doc.get("file"):
        return catalog.document_text(doc)
    ref = pd.read_csv(paths.reference_file(), dtype=str, keep_default_na=False)
    rows = ref[ref["kind"] == "target"]
    return f"{doc.get('url', '')}\n\n" + "\n".join(f"• {r.quote}" for r in rows.itertuples())


def test_every_document_as_before(built_data):
    ids = read.table("documents")["doc_id"].tolist()
    assert len(ids) >= 5
    kinds = set()
    for doc_id in ids:
        text = sources.document_text(doc_id)
        assert text == _as_before(doc_id) and text.strip(), doc_id
        kinds.add(text.startswith("http"))
    assert kinds == {True, False}  # seed texts and web sources both covered


def test_an_unknown_document_is_refused(built_data):
    with pytest.raises(KeyError, match="unknown document"):
        sources.document_text("no-such-doc")
