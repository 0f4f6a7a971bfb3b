"""Savings arithmetic: annual equivalents, apportionment, shares, claim checks and scenarios."""
