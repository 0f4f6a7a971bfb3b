"""Shared Service Savings Dashboard: entry point and navigation."""

import streamlit as st

st.set_page_config(page_title="Shared service savings", page_icon="🤝", layout="wide")

# The page scripts live in views/, not pages/: Streamlit treats a folder called pages/ beside the entry
# script as an old-style multipage app until st.navigation has run once, so the first shared link opened
# after a restart would run that page on its own, without this navigation.
pages = [
    st.Page("views/overview.py", title="Overview", icon=":material/insights:", default=True),
    st.Page("views/councils.py", title="Councils", icon=":material/account_balance:"),
    st.Page("views/schemes.py", title="Schemes", icon=":material/handshake:"),
    st.Page("views/check_claim.py", title="Check a claim", icon=":material/fact_check:"),
    st.Page("views/map.py", title="Map", icon=":material/map:"),
    st.Page("views/upload.py", title="Upload", icon=":material/upload_file:"),
    st.Page("views/methodology.py", title="Methodology", icon=":material/menu_book:"),
]
st.navigation(pages).run()
