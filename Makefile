# Everything runs in .venv, installed from requirements/dev.lock (exact versions, hashed);
# Node tools come from package-lock.json. pyproject.toml keeps the ranges users install with.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
LOCK := requirements/dev.lock
# The tool that writes the lock, itself pinned so that a refresh is repeatable.
PIP_TOOLS := pip-tools==7.7.0
# Where `make test-latest` builds its throwaway environment.
LATEST_VENV ?= $(or $(TMPDIR),/tmp)/clientgen-latest-venv

.PHONY: generate test test-latest lock check clean

$(VENV)/.installed: $(LOCK) pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r $(LOCK)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(PY) -m pip check
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

## The suite's fast part against the newest releases pyproject.toml's ranges allow (not CI)
test-latest:
	rm -rf $(LATEST_VENV)
	$(PYTHON) -m venv $(LATEST_VENV)
	$(LATEST_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(LATEST_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --upgrade \
		--upgrade-strategy eager -e '.[test]'
	$(LATEST_VENV)/bin/python -m pip freeze --exclude-editable
	CLIENTGEN_LATEST=1 $(LATEST_VENV)/bin/python -m pytest -p no:cacheprovider \
		tests/generator tests/features tests/hostile tests/clients tests/diff tests/workflow \
		tests/versions

## Refresh requirements/dev.lock to the newest versions the ranges allow (commit the result)
lock:
	rm -rf $(LATEST_VENV)-tools
	$(PYTHON) -m venv $(LATEST_VENV)-tools
	$(LATEST_VENV)-tools/bin/python -m pip install --quiet --disable-pip-version-check $(PIP_TOOLS)
	PIP_CONFIG_FILE=/dev/null $(LATEST_VENV)-tools/bin/pip-compile --quiet --upgrade \
		--generate-hashes --allow-unsafe --strip-extras --extra test --build-deps-for editable \
		--no-emit-index-url --no-emit-find-links -o $(LOCK) pyproject.toml
	rm -rf $(LATEST_VENV)-tools

check: $(VENV)/.installed
	$(PY) -m generator check

clean:
	rm -rf $(VENV) node_modules
