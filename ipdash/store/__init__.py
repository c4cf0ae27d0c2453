"""The store: reviewed text built into Parquet, read through an in-memory DuckDB, written atomically."""
