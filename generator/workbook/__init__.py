"""The workbook: its schema, reading and checking it, the blank template, private values (lowest layer)."""
