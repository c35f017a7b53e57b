"""Datasets from nightly run files: `scrapy dataset build | check | report` (README "Datasets").

Pure code, testable without Scrapy: `build.build()` turns JSONL run files into
a partitioned, de-duplicated dataset folder; `check.check()` compares the
latest period of each site with the one before; `report.report()` draws a
self-contained HTML page. The Scrapy command (newscrawl/commands/dataset.py)
only parses options and prints.
"""
