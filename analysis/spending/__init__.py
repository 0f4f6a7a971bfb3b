"""Council spending: the department's revenue returns read into one tidy table, national baselines and deflators."""
