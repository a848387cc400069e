# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python

# Local copies of the course data, when the shared folder is beside the project.
SHARED_DATA := $(abspath ../shared/data)
ifneq ($(wildcard $(SHARED_DATA)),)
export CYBENKO_DATA ?= $(SHARED_DATA)
endif

.PHONY: demo test test-slow test-notorch lint bench clean browser

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.core: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e .
	touch $@

# The tests also run the lab and the course scripts, which draw with matplotlib.
$(VENV)/.dev: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e '.[dev,lab]'
	touch $@ $(VENV)/.core $(VENV)/.lab

$(VENV)/.lab: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e '.[lab]'
	touch $@ $(VENV)/.core

# The lab tour: every experiment in quick mode, offline, then the report's path.
demo: $(VENV)/.lab
	$(VENV)/bin/cybenko lab tour --quick

# The playground's browser test drives Debian's chromium with Playwright (the dev extra; its
# own browser downloads are not used). `make browser` installs chromium where apt-get can (as
# root, or with password-less sudo); `make test` runs it first on machines with apt-get. Where
# it cannot, the browser test skips and says why.
CHROMIUM := $(shell command -v chromium 2>/dev/null)
APT_GET := $(shell command -v apt-get 2>/dev/null)
SUDO := $(if $(filter 0,$(shell id -u)),,sudo -n)

browser:
	@if [ -n "$(CHROMIUM)" ]; then echo "chromium: $(CHROMIUM)"; \
	elif $(SUDO) sh -c 'apt-get install -y chromium || (apt-get update && apt-get install -y chromium)'; \
	then :; else echo "chromium not installed (needs root): the browser test will skip"; fi

test: $(VENV)/.dev $(if $(APT_GET),browser)
	$(PY) -m ruff check src tests bench examples tools
	$(PY) -m pytest -m "not slow"

# The long trainings and the lab experiments' runs (marked slow); CI runs them after `make test`.
test-slow: $(VENV)/.dev
	$(PY) -m pytest -m slow

# The same tests in a second venv without torch: those that use it skip, the others must pass.
NOTORCH := .venv-notorch
$(NOTORCH)/.ok: pyproject.toml
	$(PYTHON) -m venv $(NOTORCH)
	$(NOTORCH)/bin/python -m pip install -q -e '.[lab]' pytest hypothesis
	touch $@

test-notorch: $(NOTORCH)/.ok
	$(NOTORCH)/bin/python -m pytest

bench: $(VENV)/.dev
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) $(NOTORCH) .pytest_cache .ruff_cache .hypothesis runs
