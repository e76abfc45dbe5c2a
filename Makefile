# Everything runs in .venv, created from pyproject.toml; Node tools come from package-lock.json.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: generate test check lint clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## Regenerate every client configured in pyproject.toml into generated/
generate: $(VENV)/.installed
	$(PY) -m generator generate

## Run the whole test suite (snapshot, unit, client, contract, mypy, ruff, black)
test: $(VENV)/.installed node_modules/.installed
	$(PY) -m pytest

check: $(VENV)/.installed
	$(PY) -m generator check

clean:
	rm -rf $(VENV) node_modules
