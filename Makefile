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
	$(BIN)/quotes evaluate tests/gold/seeds.jsonl
	$(BIN)/quotes evaluate tests/gold/bbc.jsonl
	$(BIN)/quotes evaluate tests/gold/bbc_dev.jsonl
	$(BIN)/quotes evaluate tests/gold/bbc_dev2.jsonl
	$(BIN)/quotes evaluate tests/gold/bbc_dev3.jsonl
	$(BIN)/quotes evaluate tests/gold/bbc_dev4.jsonl
	$(BIN)/quotes evaluate tests/gold/bbc_heldout.jsonl
	$(BIN)/quotes evaluate tests/gold/bbc_heldout2.jsonl
	$(BIN)/quotes evaluate tests/gold/bbc_heldout3.jsonl
	$(BIN)/quotes evaluate tests/gold/bbc_heldout4.jsonl
	$(BIN)/quotes evaluate tests/gold/bbc_heldout5.jsonl

bench: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) db/*.db build *.egg-info
