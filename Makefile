# Jixiao — two commands on a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test
REDIS_URL ?= redis://127.0.0.1:6379/15
PYTEST_WORKERS ?= 2
PG_ADMIN_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/13

.PHONY: demo test install portal lint typecheck pytest portal-check bench-smoke bench clean

demo: ## install, build the portal, migrate + seed the embedded database, serve
	$(MAKE) -j2 install portal
	$(BIN)/jixiao demo

test: install lint typecheck portal-check bench-smoke pytest ## everything CI runs

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $@

# The demo's build skips the type check (`make test` runs it).
portal: portal/node_modules/.installed
	cd portal && npm run build:app

portal/node_modules/.installed: portal/package.json portal/package-lock.json
	cd portal && npm ci --no-audit --no-fund
	touch $@

lint: install
	$(BIN)/ruff check jixiao tests $(wildcard bench)
	$(BIN)/ruff format --check jixiao tests $(wildcard bench)
	$(BIN)/jixiao graphql-schema --check

typecheck: install
	$(BIN)/mypy

portal-check: portal/node_modules/.installed
	cd portal && npm run typecheck && npm test && npm run build

# PostgreSQL, Redis and the browser are required here: their tests fail, never skip.
pytest: install
	JIXIAO_REQUIRE_SERVICES=1 JIXIAO_TEST_POSTGRES_URL=$(PG_URL) JIXIAO_TEST_REDIS_URL=$(REDIS_URL) \
		$(BIN)/pytest -n $(PYTEST_WORKERS) -p no:cacheprovider

# Every benchmark at a small size, so none of them can rot (figures at this size mean little).
bench-smoke: install
	$(BIN)/python bench/engine.py --units 50 --repeat 1
	$(BIN)/python bench/simulate.py --units 50 --repeat 1
	$(BIN)/python bench/import.py --units 50 --admin-url $(PG_ADMIN_URL)
	JIXIAO_BENCH_POSTGRES_URL=$(PG_ADMIN_URL) $(BIN)/python bench/recompute.py --units 50 --repeat 1
	JIXIAO_BENCH_POSTGRES_URL=$(PG_ADMIN_URL) JIXIAO_BENCH_REDIS_URL=$(BENCH_REDIS_URL) \
		$(BIN)/python bench/change_latency.py --units 50 --changes 3
	JIXIAO_BENCH_POSTGRES_URL=$(PG_ADMIN_URL) $(BIN)/python bench/read_cache.py --units 50 --repeat 20
	JIXIAO_BENCH_POSTGRES_URL=$(PG_ADMIN_URL) JIXIAO_BENCH_REDIS_URL=$(BENCH_REDIS_URL) \
		$(BIN)/python bench/deadline_day.py --users 10 --duration 15 --think 0.1

# The figures of README.md's Performance section (PostgreSQL and Redis; about half an hour).
bench: install
	$(BIN)/python bench/simulate.py --units 3000
	$(BIN)/python bench/import.py --units 3000 --admin-url $(PG_ADMIN_URL)
	JIXIAO_BENCH_POSTGRES_URL=$(PG_ADMIN_URL) $(BIN)/python bench/recompute.py --units 500,1500,3000
	JIXIAO_BENCH_POSTGRES_URL=$(PG_ADMIN_URL) JIXIAO_BENCH_REDIS_URL=$(BENCH_REDIS_URL) \
		$(BIN)/python bench/change_latency.py --units 3000 --changes 50
	JIXIAO_BENCH_POSTGRES_URL=$(PG_ADMIN_URL) $(BIN)/python bench/read_cache.py --units 500
	JIXIAO_BENCH_POSTGRES_URL=$(PG_ADMIN_URL) JIXIAO_BENCH_REDIS_URL=$(BENCH_REDIS_URL) \
		$(BIN)/python bench/deadline_day.py --users 200

clean:
	rm -rf $(VENV) portal/node_modules portal/dist var test-artifacts
