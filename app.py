"""Shared Service Savings Dashboard: entry point and navigation."""

import streamlit as st

from ui.pages import PAGES

st.set_page_config(page_title="Shared service savings", page_icon="🤝", layout="wide")

# The page scripts live in views/, not pages/: Streamlit treats a folder called pages/ beside the entry
# script as an old-style multipage app until st.navigation has run once, so the first shared link opened
# after a restart would run that page on its own, without this navigation.
pages = [st.Page(p.script, title=p.title, icon=p.icon, default=p.default) for p in PAGES]
st.navigation(pages).run()
