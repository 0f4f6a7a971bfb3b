"""`make bench`: speed and memory measurements written to BENCHMARKS.md (reports, never fails)."""
