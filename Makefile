# Two set-up-and-go targets: `make crawl` (the main job) and `make test`.
# Each creates .venv/ on first use and reinstalls when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed-stamp
OUT ?= data/fixtures-replay.jsonl

.PHONY: crawl test lint replay-dev

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

crawl: $(STAMP)
	mkdir -p $(dir $(OUT))
	$(VENV)/bin/scrapy crawl replay -a path=fixtures -O $(OUT)
	@echo "wrote $(OUT)"

test: $(STAMP)
	$(VENV)/bin/python -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check newscrawl tests
