"""The read-only data API (``/api/v1/…``) served beside the app by ``asgi.py`` — plain Starlette, no Streamlit.

``params`` (what each endpoint takes, checked once for the handlers and the OpenAPI document),
``tables`` (the same frames as the CLI), ``routes`` (HTTP: JSON or CSV, ETag, 400 / 304 / 503),
``openapi`` (the document at ``/api/v1/openapi.json``), ``headers`` (the security headers of
every response: CSP ``frame-ancestors``, ``nosniff``, ``Referrer-Policy``). See docs/api.md.
"""
