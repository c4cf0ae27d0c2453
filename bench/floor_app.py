"""The framework's floor: a bare Streamlit page with one Plotly chart (bench/run.py, measure a).

Same server flags, same browser, same wait (Streamlit idle and every chart drawn) as the app,
so ``page time ÷ floor time`` is what ipdash adds on top of Streamlit + Plotly themselves.
"""

import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="floor", layout="wide")
st.header("Floor")
years = list(range(2011, 2026))
fig = go.Figure(go.Scatter(x=years, y=[100 + 7 * i for i in range(len(years))], mode="lines+markers"))
st.plotly_chart(fig, theme=None, key="floor_chart")
