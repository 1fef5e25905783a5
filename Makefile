# Two commands set everything up on a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= db/quotes.db
PORT ?= 8001

.PHONY: serve test lint install install-test db evaluate bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

db: install
	$(BIN)/quotes build seeds/ --db $(DB)

serve: db
	$(BIN)/quotes serve --db $(DB) --port $(PORT)

test: install-test lint
	$(BIN)/python -m pytest -q

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

evaluate: install
	for gold in tests/gold/*.jsonl; do echo "$$gold"; $(BIN)/quotes evaluate "$$gold" || exit 1; done

bench: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) db/*.db build *.egg-info
