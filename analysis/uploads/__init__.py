"""Uploaded files to records: safe opening, finding the table, fields, scheme and spending rows, and the row report."""
