"""The OpenAPI 3.1 document of the data API, made from ``ipdash.api.params.ENDPOINTS`` (the very
list the handlers check), so every route and parameter is in it as the server takes it."""

from __future__ import annotations

from ipdash import __version__, settings
from ipdash.api.params import ENDPOINTS, Param

_TYPES: dict[str, dict[str, object]] = {
    "bool": {"type": "boolean"},
    "year": {"type": "integer", "minimum": 1990, "maximum": 2100},
    "date": {"type": "string", "format": "date"},
    "list": {"type": "string", "pattern": "^[^,]+(,[^,]+)*$"},
}


def _schema(p: Param) -> dict:
    s: dict[str, object] = {"type": "string", "enum": list(p.choices)} if p.kind == "choice" else dict(_TYPES[p.kind])
    if p.default is not None:
        s["default"] = p.default
    return s


def _parameter(p: Param) -> dict:
    out = {"name": p.name, "in": "query", "required": False, "description": p.description, "schema": _schema(p)}
    if p.kind == "list":
        out["explode"] = False
    if p.example is not None:
        out["example"] = p.example
    return out


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _operation(name: str, summary: str, params: tuple[Param, ...]) -> dict:
    return {
        "get": {
            "operationId": f"get_{name}",
            "summary": summary,
            "parameters": [_parameter(p) for p in params],
            "responses": {
                "200": {
                    "description": "The rows; `ETag` names the data version of this answer.",
                    "headers": {"ETag": {"schema": {"type": "string"}}},
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Table"}},
                        "text/csv": {"schema": {"type": "string"}},
                    },
                },
                "304": {"description": "Not modified: If-None-Match named the current ETag."},
                "400": _error("A bad parameter: the message names it, its value and what is accepted."),
                "401": _error("IPDASH_VIEW=login and no valid bearer token (`WWW-Authenticate: Bearer`)."),
                "503": _error("The data store cannot be read now."),
            },
        }
    }


def document(prefix: str = "/api/v1") -> dict:
    paths = {f"{prefix}/{name}": _operation(name, summary, params) for name, (summary, params) in ENDPOINTS.items()}
    paths[f"{prefix}/openapi.json"] = {
        "get": {
            "operationId": "get_openapi",
            "security": [],  # public in both modes: no data, and how a client learns it needs a token
            "summary": "This document.",
            "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {}}}}},
        }
    }
    cell = {"type": ["string", "number", "integer", "boolean", "null"]}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "ipdash data API",
            "version": __version__,
            "description": "Read-only: the same frames as `python -m ipdash targets|status|actuals|milestones`. "
            "JSON by default, the CLI's CSV with format=csv. See docs/api.md.",
        },
        "paths": paths,
        # IPDASH_VIEW=login: every endpoint needs the bearer token; open (the default): it may be sent, never needed
        "security": [{"bearerAuth": []}] if settings.login_required() else [{}, {"bearerAuth": []}],
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An API token from `python -m ipdash tokens add NAME`; needed when the "
                    "server runs with IPDASH_VIEW=login (401 without it).",
                }
            },
            "schemas": {
                "Table": {
                    "type": "object",
                    "required": ["endpoint", "count", "columns", "rows"],
                    "properties": {
                        "endpoint": {"type": "string"},
                        "count": {"type": "integer", "minimum": 0},
                        "columns": {"type": "array", "items": {"type": "string"}},
                        "rows": {"type": "array", "items": {"type": "object", "additionalProperties": cell}},
                    },
                },
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {"error": {"type": "string"}, "parameter": {"type": ["string", "null"]}},
                },
            },
        },
    }
