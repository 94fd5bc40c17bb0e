"""The programme's model, built from the checked workbook: districts, provinces, plans, timeline."""
