"""The downloads: CSV, JSON and XLSX files of the model."""
