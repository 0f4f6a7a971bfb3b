"""Streamlit edge: cached loading, session state accessors and shared sidebar controls."""
