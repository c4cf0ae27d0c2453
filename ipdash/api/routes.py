"""HTTP for the data API: ``ROUTES`` (Starlette) for ``st.App(routes=…)`` in ``asgi.py``.

``GET /api/v1/<endpoint>`` answers JSON (``{"endpoint", "count", "columns", "rows"}``, missing
values as null) or, with ``format=csv``, the CLI's CSV byte for byte (formula cells neutralised
as every export is). Each answer carries an ``ETag`` from the data version; a request whose
``If-None-Match`` names it gets 304 and no body. A bad parameter: 400 with ``{"error",
"parameter"}``; a store that cannot be read: 503. The handlers are plain functions, which
Starlette runs in its thread pool, so a large frame never blocks the event loop.
"""

from __future__ import annotations

import json
import logging
import math
from datetime import date, datetime

import numpy as np
import pandas as pd
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ipdash.api import openapi, tables
from ipdash.api.params import ENDPOINTS, BadRequest, parse
from ipdash.export_safe import neutralise_formulas
from ipdash.store.backend import StoreUnavailable

PREFIX = "/api/v1"
log = logging.getLogger(__name__)


def plain(v):
    """A cell as JSON: numpy scalars as Python numbers, NaN / NA / ±inf as null, dates as ISO text."""
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return float(v) if math.isfinite(v) else None
    if isinstance(v, (datetime, date, pd.Timestamp)):
        return v.isoformat()
    return v if isinstance(v, str) else str(v)


def json_body(endpoint: str, df: pd.DataFrame) -> bytes:
    cols = [str(c) for c in df.columns]
    rows = [dict(zip(cols, map(plain, r))) for r in df.itertuples(index=False, name=None)]
    doc = {"endpoint": endpoint, "count": len(rows), "columns": cols, "rows": rows}
    return json.dumps(doc, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")


def csv_body(df: pd.DataFrame) -> bytes:
    """Exactly what ``python -m ipdash <command>`` prints."""
    return neutralise_formulas(df).to_csv(index=False, lineterminator="\n").encode("utf-8")


def _error(status: int, message: str, parameter: str | None = None) -> JSONResponse:
    return JSONResponse({"error": message, "parameter": parameter}, status_code=status)


def _matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    tags = {t.strip().removeprefix("W/") for t in header.split(",")}
    return "*" in tags or etag in tags


def handler(endpoint: str):
    def get(request: Request) -> Response:
        query = {k: request.query_params.getlist(k) for k in request.query_params}
        try:
            p = parse(endpoint, query)
            etag = tables.version(endpoint, p)
            headers = {"ETag": etag, "Cache-Control": "no-cache"}
            if _matches(request.headers.get("if-none-match"), etag):
                return Response(status_code=304, headers=headers)
            df = tables.BUILD[endpoint](p)
        except BadRequest as exc:
            return _error(400, str(exc), exc.parameter)
        except (StoreUnavailable, OSError) as exc:
            log.exception("api: /%s could not read the store", endpoint)
            return _error(503, f"the data store cannot be read now ({type(exc).__name__}); try again later")
        if p["format"] == "csv":
            headers["Content-Disposition"] = f'inline; filename="ipdash-{endpoint}.csv"'
            return Response(csv_body(df), media_type="text/csv; charset=utf-8", headers=headers)
        return Response(json_body(endpoint, df), media_type="application/json", headers=headers)

    get.__name__ = f"api_{endpoint}"
    return get


def openapi_document(request: Request) -> Response:
    return JSONResponse(openapi.document(PREFIX))


def not_found(request: Request) -> Response:
    return _error(404, f"no such endpoint {request.url.path}; see {PREFIX}/openapi.json")


ROUTES = [
    *(Route(f"{PREFIX}/{name}", handler(name), methods=["GET"]) for name in ENDPOINTS),
    Route(f"{PREFIX}/openapi.json", openapi_document, methods=["GET"]),
    Route(PREFIX + "/{rest:path}", not_found),
]
