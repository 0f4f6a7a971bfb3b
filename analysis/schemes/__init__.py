"""Shared-service schemes: the register of schemes, its partners matched to councils, and how each collaborates."""
