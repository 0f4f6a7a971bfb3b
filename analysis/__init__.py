"""Pure analysis layer: reading workbooks, council matching, savings arithmetic, charts.

Nothing here imports Streamlit; every function is unit tested without a browser.
"""
