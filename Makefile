# Two set-up-and-go targets: `make crawl` (the main job) and `make test`.
# Each creates .venv/ on first use and reinstalls when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed-stamp
.PHONY: crawl test lint replay

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The main job: every profiled site; output in data/news/all/<time>.jsonl (or OUT=file.jsonl).
crawl: $(STAMP)
	$(VENV)/bin/scrapy crawl news -a site=all $(if $(OUT),-O $(OUT))

# Re-extract the saved fixture pages (offline).
replay: $(STAMP)
	$(VENV)/bin/scrapy crawl replay -a path=fixtures -O data/fixtures-replay.jsonl

test: $(STAMP)
	$(VENV)/bin/python -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check newscrawl tests benchmarks
