# The two commands of the README: `make demo` and `make test` each build the
# environment from nothing (PyPI and Debian packages only) and run.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= demo.db

.PHONY: demo test lint typecheck unit venv system-deps serve bench fuzz clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $(STAMP)

venv: $(STAMP)

# Debian packages the browser tests need; skipped when already present.
system-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium missing: install Debian's chromium (sudo apt-get install chromium)"; fi; \
	fi

demo: $(STAMP)
	rm -f $(DEMO_DB)
	$(BIN)/reportedly read examples/portvale-courier-flood.txt
	$(BIN)/reportedly ingest examples/ --db $(DEMO_DB)
	$(BIN)/reportedly speakers --db $(DEMO_DB)
	$(BIN)/reportedly outlets --db $(DEMO_DB)
	$(BIN)/reportedly quotes --db $(DEMO_DB) --limit 20
	$(BIN)/reportedly trace "worst night this town has seen" --db $(DEMO_DB)
	$(BIN)/reportedly search "worst nite this town has seen" --db $(DEMO_DB)
	$(BIN)/reportedly verdict add "Eight people have died" --rating false --reviewer "Demo Desk" \
	  --explanation "Seven died: the Daily Roundup changed the figure the emergency services gave." --db $(DEMO_DB)
	$(BIN)/reportedly export --format claimreview --db $(DEMO_DB)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP) system-deps
	$(BIN)/python -m pytest -q

test: lint typecheck unit

serve: $(STAMP)
	test -f $(DEMO_DB) || $(BIN)/reportedly ingest examples/ --db $(DEMO_DB)
	$(BIN)/reportedly serve --db $(DEMO_DB)

# every figure in BENCHMARKS.md (tens of minutes on 2 cores)
bench: $(STAMP)
	$(BIN)/reportedly evaluate polnear ../shared/datasets/polnear/dev --quiet
	$(BIN)/python benchmarks/bench_speed.py
	$(BIN)/python benchmarks/bench_html.py
	$(BIN)/python benchmarks/bench_ingest.py
	$(BIN)/python benchmarks/bench_link.py --sizes 1000 10000
	$(BIN)/python benchmarks/bench_web.py

# the long fuzzing campaign: mutants of real articles through read and analysis (BENCHMARKS.md)
FUZZ_MUTANTS ?= 100000
FUZZ_JOBS ?= 2
fuzz: $(STAMP)
	$(BIN)/python benchmarks/fuzz.py --mutants $(FUZZ_MUTANTS) --jobs $(FUZZ_JOBS)

clean:
	rm -rf $(VENV) build *.egg-info demo.db
