"""Reading spreadsheet files into rows of cells, and single cells and words into values."""
