# Every target sets itself up: on a fresh machine `make run` or `make test` is all you need.
# The venv is rebuilt when pyproject.toml changes.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test bench soak screenshots package lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/safetymap

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider tests --ignore=tests/benchmarks

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) tests/benchmarks/run_bench.py

# The crash attacks at length: 200 SIGKILLs of the real app mid-typing (make test runs 30).
soak: $(STAMP)
	QT_QPA_PLATFORM=offscreen SAFETYMAP_SOAK_TRIALS=200 $(PY) -m pytest -q -s -p no:cacheprovider tests/reliability/test_kill_typing.py

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m safetymap.ui.screenshots build/screenshots
	QT_QPA_PLATFORM=offscreen $(PY) -m safetymap.ui.screenshots --language cy build/screenshots/cy

package: $(STAMP)
	$(PY) -m pip install --quiet -e ".[dev]"
	$(VENV)/bin/pyinstaller --noconfirm --distpath dist --workpath build/pyinstaller packaging/pyinstaller/safetymap.spec

# mypy is strict on the Qt-free packages; the list (and the settings) live in pyproject.toml.
lint: $(STAMP)
	$(PY) -m pip install --quiet -e ".[dev]"
	$(VENV)/bin/ruff check desktop tests
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) build dist
