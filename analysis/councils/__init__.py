"""Councils: the directory of every body across years, name matching, partner lists, residents and boundaries."""
