"""Extraction stages: from annotated segments (spaCy Docs of headline, subheadings and body) to
mentions of places and dates (this package), and later events and relations. Pure functions of
their inputs plus read-only resources (gazetteer, actor knowledge base, vocabulary)."""

EXTRACTOR_VERSION = "warlog.extract/1"
