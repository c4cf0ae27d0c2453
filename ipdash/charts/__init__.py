"""Plotly figures, each drawn only from a frame of ipdash.frames."""
