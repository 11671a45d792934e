"""Evaluation: gold files (FORMAT.md), geoparsing corpora, event corpora (WikiEvents, RAMS, PLOVER)."""
