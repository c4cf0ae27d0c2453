"""ipdash — Shanghai district IP targets vs actuals.

Domain modules here never import streamlit; only ``ipdash.ui`` does.
"""

__version__ = "0.1.0"
