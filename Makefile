# Xinsheng: `make run` serves with embedded defaults; `make test` runs everything CI runs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export HF_HUB_OFFLINE := 1

.PHONY: run test lint typecheck model model-members bench postgres venv venv-dev clean

$(VENV)/.serve-installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml $(VENV)/.serve-installed
	$(PY) -m pip install --quiet -e '.[train,dev]'
	touch $@

venv: $(VENV)/.serve-installed
venv-dev: $(VENV)/.dev-installed

run: venv
	@test -f models/artifacts/xinsheng-m3e-small-int8/model.onnx || { echo "bundled model missing: run 'make model'"; exit 1; }
	mkdir -p var
	$(VENV)/bin/xinsheng serve --host $(HOST) --port $(PORT)

# PostgreSQL server binaries for the storage tests (Debian packages). The tests start their own
# throw-away server on a loopback port; where this cannot install, they skip loudly.
postgres:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		echo "installing PostgreSQL from Debian packages"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
		|| echo "WARNING: could not install PostgreSQL; PostgreSQL tests will be skipped"; \
	fi

lint: venv-dev
	$(VENV)/bin/ruff check models training engine service tests benchmarks

typecheck: venv-dev
	$(VENV)/bin/mypy

test: venv-dev postgres lint typecheck
	$(PY) -m pytest -q

# The bundled model's recipe: five ensemble members, then the student distilled from their mean logits (see its
# model card). Six fine-tunings (20 epochs), about 4-9 h on 2 CPU cores (4 with native bf16); on a GPU, make model MODEL_FLAGS="--device cuda --parallel 5".
MODEL_FLAGS ?=
ENSEMBLE_SEEDS ?= 1,2,3,4,5
model: venv-dev
	$(VENV)/bin/xinsheng train --ensemble-seeds $(ENSEMBLE_SEEDS) --student-seeds 44 --student-epochs 5 $(MODEL_FLAGS)

# The members alone (about an hour each on 2 CPU cores), kept in training/ensemble_members for `make model` to reuse:
# commit them, and a rebuild goes on in a later session. `make model-members ENSEMBLE_SEEDS=1` trains one.
model-members: venv-dev
	$(VENV)/bin/xinsheng train --ensemble-seeds $(ENSEMBLE_SEEDS) --members-only $(MODEL_FLAGS)

bench: venv-dev postgres
	$(PY) -m benchmarks.run

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
