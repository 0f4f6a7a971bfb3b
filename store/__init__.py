"""What outlives a session: published datasets in a database (SQLAlchemy Core, Alembic migrations).

SQLite in a state folder by default; PostgreSQL when `SSD_DATABASE_URL` names one. Never imports Streamlit.
"""
