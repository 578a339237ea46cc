# The two set-up commands of the README: `make run` and `make test`. Both are safe to run again.
SHELL := /bin/bash
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
APT_TEST := libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-ukai poppler-utils chromium postgresql
PORT ?= 8501
# Only this machine can open the app; `make run ADDRESS=0.0.0.0` exposes it on purpose (see README, 多人共用).
ADDRESS ?= 127.0.0.1

.PHONY: run test test-fast venv install-run install-test apt-test lint bench screenshot clean-venv

$(BIN)/python:
	@command -v $(PY) >/dev/null || { echo "需要 Python 3.11（找不到 $(PY)）"; exit 1; }
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

venv: $(BIN)/python

# Installs the app and the embedded model (llama.cpp compiles once; pip caches the wheel).
$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -e ".[local]"
	touch $@

install-run: $(VENV)/.run-installed

run: install-run
	$(BIN)/streamlit run app.py --server.address $(ADDRESS) --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

# System packages for the render test (LibreOffice, CJK fonts, poppler), the browser test (Chromium) and the
# store tests on PostgreSQL (the tests start their own throwaway cluster; the Debian service is not used).
apt-test:
	@missing=""; for p in $(APT_TEST); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends $$missing; \
	fi

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -e ".[local,test]"
	touch $@

install-test: apt-test $(VENV)/.test-installed

lint: install-test
	$(BIN)/ruff check .

test: install-test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# The edit loop: everything but the `slow` mark (the real model, LibreOffice, Chromium); no apt. CI runs `make test`.
test-fast: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -m "not slow"

# The README's screenshot (docs/img/app.png), taken by the browser test; `make test` never writes it.
screenshot: install-test
	DRAFTER_SCREENSHOT="$(CURDIR)/docs/img/app.png" $(BIN)/python -m pytest -q \
	  tests/e2e/test_browser.py::test_fill_draft_regenerate_reload_download

bench: install-test
	for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean-venv:
	rm -rf $(VENV)
