# Jixiao — two commands on a fresh machine: `make demo` and `make test` (see README.md).
# A Python 3.11 or newer, whatever its binary is called (`make PYTHON=/path/to/python` overrides).
ifndef PYTHON
PYTHON := $(shell for p in python3.11 python3.12 python3.13 python3.14 python3 python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	2>/dev/null && { echo $$p; break; }; done)
endif
# Node: the portal is built with Node 26, the active LTS (its dependencies accept it without an
# engine warning). A machine whose `node` is older gets Node 26 from the npm registry's
# node-linux-<arch> package into .tools/ (about 20 s and 210 MB, once); recipes find it first.
NODE_MAJOR := 26
NODE_PIN := 26.10.0
NODE_ARCH := $(subst x86_64,x64,$(subst aarch64,arm64,$(shell uname -m)))
NODE_DIR := $(CURDIR)/.tools/node
ifeq ($(shell node -e 'process.exit(+process.versions.node.split(".")[0] < $(NODE_MAJOR))' \
	2>/dev/null && echo ok),ok)
NODE_READY :=
else
NODE_READY := $(NODE_DIR)/.installed
export PATH := $(NODE_DIR)/node_modules/node-linux-$(NODE_ARCH)/bin:$(PATH)
endif
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test
REDIS_URL ?= redis://127.0.0.1:6379/15
# Four on two cores: fewer leave the CPU idle while they wait (on PostgreSQL, the browser, the
# servers' threads). make test here, December 7, 2026, one after the other on the same code:
# three workers 13:17 (pytest 785 s), four 10:53 (643 s), then four 12:17, 11:28 and 11:37;
# a morning earlier that day, two workers 11:48 and 12:04, three 10:59 and 11:41 (the machine
# varies from hour to hour).
PYTEST_WORKERS ?= 4
PG_ADMIN_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/13

.PHONY: demo test install bytecode portal lint typecheck pytest portal-check bench-smoke bench clean

demo: ## install, build the portal, migrate + seed the embedded database, serve
	$(MAKE) -j2 install portal
	$(BIN)/jixiao demo

# lint and the portal's build (with its bundle-size budget; the browser tests serve it) first:
# they fail in seconds. Then pytest, with the type check, the portal's checks and the
# benchmarks' smoke run beside it (scripts/beside.sh: their logs in test-artifacts/, a failure
# named when it happens). One after the other they took ~4 min more on the 2-core machine, and
# mypy alone, with no cache (a fresh clone, CI), about 40 s before pytest could start.
test: install bytecode lint portal ## everything CI runs
	@MAKE="$(MAKE)" scripts/beside.sh "typecheck portal-check bench-smoke" pytest

install: $(VENV)/.installed

# The project's bytecode, written ahead (1 s on two cores; only what changed is compiled again).
# Where PYTHONDONTWRITEBYTECODE is set, as in the development machine's shell, Python never caches it:
# every process of a run (four test workers, each server and command a test starts, each
# benchmark's command) then compiled the whole app again, 0.8 s each for the API's imports.
bytecode: install
	$(BIN)/python -m compileall -q -j 0 jixiao tests bench >/dev/null

$(VENV)/.installed: pyproject.toml requirements.lock
	@test -n "$(PYTHON)" || { echo "make needs Python 3.11 or newer (python3.11, python3 …) on PATH, or PYTHON=…" >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $@

# The build skips the type check (`make portal-check` runs it).
portal: portal/node_modules/.installed
	cd portal && npm run build:app

portal/node_modules/.installed: portal/package.json portal/package-lock.json $(NODE_READY)
	cd portal && npm ci --no-audit --no-fund
	touch $@

$(NODE_DIR)/.installed:
	npm install --no-audit --no-fund --no-save --prefix $(NODE_DIR) node-linux-$(NODE_ARCH)@$(NODE_PIN)
	$(NODE_DIR)/node_modules/node-linux-$(NODE_ARCH)/bin/node --version
	touch $@

lint: install
	$(BIN)/ruff check jixiao tests $(wildcard bench)
	$(BIN)/ruff format --check jixiao tests $(wildcard bench)
	$(BIN)/jixiao graphql-schema --check
	$(BIN)/jixiao api-docs --check

typecheck: install
	$(BIN)/mypy

# codegen:check fails when src/api/generated.ts or src/permissions/codes.ts is stale (it generates
# into a temporary directory and compares; `cd portal && npm run codegen` brings them up to date).
# It never builds: `make test` runs it beside the browser tests, which serve portal/dist (`make
# portal` builds it, and checks the bundle-size budget, before).
portal-check: portal/node_modules/.installed
	cd portal && npm run codegen:check && npm run typecheck && npm test

# PostgreSQL, Redis and the browser are required here: their tests fail, never skip. A failure
# is named as it happens; test-artifacts/junit.xml keeps every test's outcome and time.
pytest: install
	JIXIAO_REQUIRE_SERVICES=1 JIXIAO_TEST_POSTGRES_URL=$(PG_URL) JIXIAO_TEST_REDIS_URL=$(REDIS_URL) \
		$(BIN)/pytest -n $(PYTEST_WORKERS) -p no:cacheprovider --junitxml=test-artifacts/junit.xml

# Every benchmark at a small size, so none of them can rot (figures at this size mean little).
bench-smoke: install bytecode
	$(BIN)/python bench/engine.py --units 50 --repeat 1
	$(BIN)/python bench/simulate.py --units 50 --repeat 1
	$(BIN)/python bench/import.py --units 50 --admin-url $(PG_ADMIN_URL)
	JIXIAO_BENCH_POSTGRES_URL=$(PG_ADMIN_URL) $(BIN)/python bench/recompute.py --units 50 --repeat 1
	JIXIAO_BENCH_POSTGRES_URL=$(PG_ADMIN_URL) JIXIAO_BENCH_REDIS_URL=$(BENCH_REDIS_URL) \
		$(BIN)/python bench/change_latency.py --units 50 --changes 3
	JIXIAO_BENCH_POSTGRES_URL=$(PG_ADMIN_URL) $(BIN)/python bench/read_cache.py --units 50 --repeat 20
	JIXIAO_BENCH_POSTGRES_URL=$(PG_ADMIN_URL) $(BIN)/python bench/statements.py --repeat 20
	JIXIAO_BENCH_POSTGRES_URL=$(PG_ADMIN_URL) JIXIAO_BENCH_REDIS_URL=$(BENCH_REDIS_URL) \
		$(BIN)/python bench/deadline_day.py --users 10 --duration 15 --think 0.1
	JIXIAO_BENCH_POSTGRES_URL=$(PG_ADMIN_URL) JIXIAO_BENCH_REDIS_URL=$(BENCH_REDIS_URL) \
		$(BIN)/python bench/first_requests.py --users 8

# The figures of README.md's Performance section (PostgreSQL and Redis; about half an hour).
bench: install bytecode
	$(BIN)/python bench/simulate.py --units 3000
	$(BIN)/python bench/import.py --units 3000 --admin-url $(PG_ADMIN_URL)
	JIXIAO_BENCH_POSTGRES_URL=$(PG_ADMIN_URL) $(BIN)/python bench/recompute.py --units 500,1500,3000
	JIXIAO_BENCH_POSTGRES_URL=$(PG_ADMIN_URL) JIXIAO_BENCH_REDIS_URL=$(BENCH_REDIS_URL) \
		$(BIN)/python bench/change_latency.py --units 3000 --changes 50
	JIXIAO_BENCH_POSTGRES_URL=$(PG_ADMIN_URL) $(BIN)/python bench/read_cache.py --units 500
	JIXIAO_BENCH_POSTGRES_URL=$(PG_ADMIN_URL) $(BIN)/python bench/statements.py --repeat 2000
	JIXIAO_BENCH_POSTGRES_URL=$(PG_ADMIN_URL) JIXIAO_BENCH_REDIS_URL=$(BENCH_REDIS_URL) \
		$(BIN)/python bench/deadline_day.py --users 200
	JIXIAO_BENCH_POSTGRES_URL=$(PG_ADMIN_URL) JIXIAO_BENCH_REDIS_URL=$(BENCH_REDIS_URL) \
		$(BIN)/python bench/first_requests.py --users 40

clean:
	rm -rf $(VENV) .tools portal/node_modules portal/dist var test-artifacts
