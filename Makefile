# Chikaya: the usual entry points. Settings live in scripts/env.sh.
.DEFAULT_GOAL := help
.PHONY: help setup run test lint bench

help:
	@echo "make setup  install/refresh Odoo 19 source, venv, PostgreSQL, Chromium, config (idempotent)"
	@echo "make run    create/upgrade the demo database and start Odoo (port CHIKAYA_HTTP_PORT, default 8069)"
	@echo "make test   run Odoo's test runner and the pytest suite on a throw-away database"
	@echo "make lint   ruff check, ruff format --check, pylint-odoo on addons/, bash -n and shellcheck"
	@echo "            (tools pinned in requirements-dev.txt, installed in the venv by the set-up)"
	@echo "make topology       the production topology here (nginx, 2 web nodes, cron node, PG primary + replica)"
	@echo "make topology-stop  stop it;  make topology-test  start, check and stop it (run by .ci/run)"
	@echo "make bench  the Tableau de Bord on 200,000 synthetic complaints vs a hand-written SQL floor"
	@echo "            (its own database chikaya_bench; options: BENCH_ARGS='-n 1000000 --runs 7')"
	@echo "make load   Locust against 2 workers behind nginx on 200,000 complaints, then checks that no"
	@echo "            filing was lost (LOAD_ARGS='--faults': PostgreSQL restart, worker and SLA job killed)"

setup:
	bash scripts/setup.sh

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

# bench/README.md explains the options and what is measured.
bench: setup
	bash -c 'source scripts/env.sh && "$$CHIKAYA_VENV/bin/python" bench/dashboard_bench.py $(BENCH_ARGS)'

# bench/load/README.md: Locust (in its own venv) against Odoo with 2 workers behind nginx, on a
# private PostgreSQL cluster (scripts/load.sh); LOAD_ARGS='--faults --seconds 180 --users 20'.
.PHONY: load
load: setup
	bash -c 'source scripts/env.sh && "$$CHIKAYA_VENV/bin/python" bench/load/run_load.py $(LOAD_ARGS)'

# scripts/lint.sh lists the checks; .pylintrc and ruff.toml hold their settings.
lint:
	bash scripts/lint.sh

# The production topology on this machine, without Docker (docker/README.md, scripts/topology.sh):
# PostgreSQL primary + streaming replica, web nodes web1/web2, a cron node, nginx on
# https://127.0.0.1:18443. topology-test starts it, checks it, and stops what it started.
.PHONY: topology topology-stop topology-test
topology:
	bash scripts/topology.sh start

topology-stop:
	bash scripts/topology.sh stop

topology-test:
	bash scripts/topology.sh test
