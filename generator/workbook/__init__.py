"""The workbook: its schema, reading and checking it, the blank template, private values; the layer just
above the base modules."""
