# Matting Studio — `make run` sets up and starts the app; `make test` sets up and runs the whole test suite.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test samples bench clean lint

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,demo]'
	touch $(STAMP)

# sample portraits we may ship: the public-domain NASA astronaut portrait from scikit-image's data folder
samples: $(STAMP)
	$(PY) -m desktop.samples

run: $(STAMP) samples
	$(VENV)/bin/matting-studio app resources/samples

test: $(STAMP) samples
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/lint-imports

bench: $(STAMP)
	$(PY) bench/quality.py --solvers cf --out docs/benchmarks.md
	$(PY) bench/batch_speed.py --out docs/benchmarks.md

clean:
	rm -rf $(VENV) build dist out *.egg-info
