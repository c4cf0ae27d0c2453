"""The frame behind every chart and table of every view: one function returning a DataFrame each."""
