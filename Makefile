# Көмекші – two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: install run chat test lint format bench eval clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m compileall -q bot handlers knowledge > /dev/null  # fast first start
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

## run: the Telegram bot when a token is configured; otherwise how to get one, then `komekshi chat`
run: install
	$(BIN)/komekshi run

chat: install
	$(BIN)/komekshi chat

## test: the whole test suite (PostgreSQL and Redis tests need the local servers; see README)
test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy bot knowledge handlers tests scripts benchmarks
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/komekshi bench

## eval: score the development questions (EVAL=path/to/evaluate.py QUERIES=path/to/queries.jsonl)
eval: install
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python $(EVAL) $(QUERIES) --baseline

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
