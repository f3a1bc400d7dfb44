# Two commands do everything on a fresh machine with Python 3.11+:
#   make site   build the demo archive into site/ (creates .venv and installs pinned dependencies)
#   make test   run the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test serve check review clean

site: $(STAMP)
	$(BIN)/archive build

test: $(STAMP)
	$(BIN)/python -m pytest

serve: $(STAMP)
	$(BIN)/archive serve

check: $(STAMP)
	$(BIN)/archive check

review: $(STAMP)
	$(BIN)/archive review

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

clean:
	rm -rf site build dist .pytest_cache
