"""Readers and writers of files: reference data, spreadsheets, PDFs."""
