"""The evidence behind the engine's defaults — GENERATED, do not edit by hand.

Written by ``python -m scripts.evidence`` (``ipdash.engine.backtest.evidence``) from the
rolling-origin hindcast of the official rows of data/reference/shanghai-public-figures.csv;
tests/test_backtest.py regenerates it and fails when it differs.
DEFAULT_METHOD: the method each indicator kind uses unless one is chosen; POOLED_DEFAULT: for a
kind without enough evidence; CALIBRATION: each method's interval factor k (``calibrate``).
"""

DEFAULT_METHOD: dict[str, str] = {
    "flow": "linear",
    "ratio": "linear",
    "stock": "last_change",
}
POOLED_DEFAULT = "last_change"
CALIBRATION: dict[str, float] = {
    "damped": 1.6719,
    "last_change": 1.0077,
    "linear": 1.723,
    "loglinear": 1.4337,
}
