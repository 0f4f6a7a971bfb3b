"""The living register: versions (the bundled seed plus approved changes), their diffs, proposals and their
checks, and likely duplicates."""
