# Two commands set everything up: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
KG     := $(VENV)/bin/kg
STAMP  := $(VENV)/.installed

.PHONY: demo test bench fuzz install clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(KG) build data/ --out out/
	$(KG) summary out/

test: $(STAMP)
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) -m kg.bench

fuzz: $(STAMP)
	KG_FUZZ_EXAMPLES=$${KG_FUZZ_EXAMPLES:-300} $(PY) -m pytest -q -m fuzz tests/fuzz

clean:
	rm -rf out/ .pytest_cache
