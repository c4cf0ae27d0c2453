"""The attainment engine (progress-rules.md): series, projections, rules, explanations, backtest. No store access."""
