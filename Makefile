# The two commands of the README. Each installs what it needs into .venv first.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test check clean

$(BIN)/.installed: requirements.txt requirements-test.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-test.txt -e .
	touch $@

serve: $(BIN)/.installed   ## build the demo portal and serve it on http://127.0.0.1:8000
	$(BIN)/mkdocs serve --strict -a 127.0.0.1:8000

build: $(BIN)/.installed   ## build the demo portal into site/
	$(BIN)/mkdocs build --strict

check: $(BIN)/.installed   ## check the content only, no pages
	$(BIN)/python -m congkhai check

test: $(BIN)/.installed    ## run the whole test suite
	$(BIN)/python -m pytest

clean:
	rm -rf site $(VENV)
