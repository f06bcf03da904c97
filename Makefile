# Matting Studio — `make run` sets up and starts the app; `make test` sets up and runs the whole test suite;
# `make lint` checks imports, style and types.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test samples bench clean lint bundle

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

# import rules (import-linter), lint (ruff), types (mypy on backends/): all three configured in pyproject.toml
lint: $(STAMP)
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

# the installer's one-folder bundle dist/MattingStudio (app + console twin, no Python needed); reuses build/.
# Smoke test: .venv/bin/python packaging/smoke_test.py; Linux archive: packaging/make_tarball.sh (docs/packaging.md)
bundle: $(STAMP) samples
	@$(PY) -c "import PyInstaller" 2>/dev/null || $(PY) -m pip install --quiet -e '.[test,demo,bundle]'
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN build.spec

# fresh tables go to out/; copy the figures worth keeping into docs/benchmarks.md with the machine and date
bench: $(STAMP)
	mkdir -p out
	$(PY) bench/quality.py --solvers cf --out out/bench-quality.md
	$(PY) bench/batch_speed.py --out out/bench-batch.md

clean:
	rm -rf $(VENV) build dist out *.egg-info
