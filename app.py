"""Shared Service Savings Dashboard: entry point and navigation."""

import streamlit as st

st.set_page_config(page_title="Shared service savings", page_icon="🤝", layout="wide")

pages = [
    st.Page("pages/overview.py", title="Overview", icon=":material/insights:", default=True),
    st.Page("pages/councils.py", title="Councils", icon=":material/account_balance:"),
    st.Page("pages/schemes.py", title="Schemes", icon=":material/handshake:"),
    st.Page("pages/check_claim.py", title="Check a claim", icon=":material/fact_check:"),
    st.Page("pages/map.py", title="Map", icon=":material/map:"),
    st.Page("pages/upload.py", title="Upload", icon=":material/upload_file:"),
    st.Page("pages/methodology.py", title="Methodology", icon=":material/menu_book:"),
]
st.navigation(pages).run()
