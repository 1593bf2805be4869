# hwcloud.vpcep: every set-up step and check, from a fresh clone with python3, pip and make, plus the
# Python versions the tested ansible-core releases need (tools/versions.py finds them on PATH or in pyenv).
#   make demo       the demo playbook against the local simulator; installs only what it needs (ansible-core,
#                   requests) in .venv, and ends with the commands to run your own playbook against the simulator
#   make test       every check on the newest ansible-core (2.21), integration targets included: under 10 minutes
#                   on 2 cores from a fresh clone (see "The time budget of make test" below)
#   make test-all   make test, then the units and every integration target on each supported ansible-core (2.16
#                   to 2.21, `make test-versions`): what CI runs (.ci/run)
#
# Where each check runs: make test runs integration (every target, then tools/check_returns.py on the results),
# sanity, lint, units (all of tests/unit), changelog-lint, docs-check, docs-lint, docsite, molecule, build-check
# and ee-context on ansible-core 2.21. make test-all adds, per older core: the units of the collection's code
# (tests/unit/plugins, tests/unit/roles), every integration target and the RETURN check, and sanity on 2.16.

PYTHON_BOOT ?= python3
VENV        := .venv
PY          := $(CURDIR)/$(VENV)/bin/python
BIN         := $(CURDIR)/$(VENV)/bin
BUILD       := $(CURDIR)/.build
# A symlink for Python imports and ansible-playbook; ansible-test needs real copies (it resolves links).
COLL_LINK   := $(BUILD)/collections/ansible_collections/hwcloud/vpcep
STAGE       := $(BUILD)/stage
STAGED      := $(STAGE)/ansible_collections/hwcloud/vpcep
DIST        := $(BUILD)/dist
# The Python version of .venv (3.13 or 3.12), read once it exists.
PYVER        = $(shell $(PY) -c 'import sys; print("%d.%d" % sys.version_info[:2])')
export PATH := $(BIN):$(PATH)
export ANSIBLE_COLLECTIONS_PATH := $(BUILD)/collections
export ANSIBLE_NOCOLOR := 1
export NO_COLOR := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help setup demo-setup stage ssh-key integration-1 integration-2 test test-all checks test-versions demo simulator sanity units \
        integration lint changelog-lint docs docs-check docs-lint docsite dist build-check ee-context molecule bench bench-fleet \
        clean distclean

help:
	@echo "make demo            run the demo playbook against the local simulator (installs ansible-core and requests only)"
	@echo "make test            every check on the newest ansible-core, integration targets included (6 to 8 minutes)"
	@echo "make test-all        make test, then units and integration on ansible-core 2.16 to 2.21 (what CI runs)"
	@echo "make test-versions   the version matrix alone (VERSIONS='2.16 2.21' for some; REQUIRE_ALL_VERSIONS=1 fails"
	@echo "                     instead of skipping a version without its Python)"
	@echo "make checks          make test without the integration targets"
	@echo "make simulator       run the VPCEP API simulator in the foreground (SIM_PORT=0: a free port); it writes"
	@echo "                     .build/simulator.env, the export lines of its address and both accounts"
	@echo "make sanity | units | integration | lint | changelog-lint | docs-lint | docsite | molecule | build-check | ee-context"
	@echo "make docs            regenerate docs/modules, docs/roles and docs/docsite from their sources"

# tools/versions.py picks the interpreter (Python 3.13 or 3.12, for ansible-core 2.21) and makes .venv in two
# stages: the demo's install set (ansible-core and requirements.txt, under constraints.txt), then the checks'
# tools on top; each stage is remade only when it or its files changed. The second also puts the offline pip
# bootstrap where ansible-test looks for it (tools/get_pip_offline.py).
$(VENV)/.installed-demo: requirements.txt constraints.txt tools/versions.py
	$(PYTHON_BOOT) tools/versions.py venv demo

$(VENV)/.installed: requirements.txt requirements-dev.txt requirements-test.txt constraints.txt tools/versions.py \
                   tools/get_pip_offline.py
	$(PYTHON_BOOT) tools/versions.py venv main

$(COLL_LINK):
	mkdir -p $(dir $@)
	ln -sfn ../../../.. $@

demo-setup: $(VENV)/.installed-demo $(COLL_LINK)

setup: $(VENV)/.installed $(COLL_LINK)

stage: setup
	$(PY) tools/stage_collection.py $(STAGE) >/dev/null


# The time budget of make test: at most 10 minutes on 2 cores from a fresh clone with a warm pip cache, .venv
# and ansible-test's sanity environments (~/.ansible/test/venv) made from scratch included; measured in
# README.md. Where the time goes (processor seconds, measured one by one): the integration targets about 510, each
# target's user+sys with its simulator (/usr/bin/time around tools/with_simulator.py, on 2 cores shared with other
# jobs, load 4 to 6, so a quiet machine needs less): vpcep_service 87, credential_sources 59, playbook_demo 55,
# vpcep_endpoint 52, concurrency 47, vpcep_connection 45, playbook_export 43, role_endpoint_services 32,
# vpcep_service_info 23, role_endpoints 20, ownership 16, vpcep_services 14, vpcep_endpoints 14, auth_secrets 9 (the
# fleet targets wait more than they compute: about 26 s each on the clock); sanity 85 (pylint most of it) plus 1 to 2
# minutes to make its environments in a new home, molecule 70, units 60, lint 37, the docs site and docs lint 20, the
# rest 10; .venv 1 to 2 minutes.
# So it holds because the checks run at once, TEST_JOBS at a time, and no single job is much longer than the
# processors' share of all of them: the integration targets, which alone would take 5 to 8 minutes, run as two
# halves started first (see integration), each half partly waiting for the simulator's provisioning while the
# other checks use the processors. A check that fails does not stop the others (--keep-going): one run shows every
# failure. A new integration target lands in the second half and adds its own time there: keep targets lean (one
# module run per behaviour, the simulator's log for assertions, sim_request for set-up), move one to
# INTEGRATION_FIRST when the halves drift apart, and measure with `time make test` before adding one. Nothing is
# dropped to save time: every check that runs on ansible-core 2.21 runs here, the older cores in make test-all.
TEST_CHECKS := integration sanity molecule lint units docsite docs-lint docs-check changelog-lint build-check ee-context
TEST_JOBS   ?= 4

test: setup
	$(MAKE) --no-print-directory --keep-going -j$(TEST_JOBS) --output-sync=target $(TEST_CHECKS)
	@echo "make test: every check passed on ansible-core 2.21"

# make test, then every supported ansible-core: what CI runs.
test-all: test
	$(MAKE) --no-print-directory test-versions
	@echo "make test-all: every check passed on every supported ansible-core"

# make test without the integration targets.
checks: setup
	$(MAKE) --no-print-directory -j2 --output-sync=target $(filter-out integration,$(TEST_CHECKS))
	@echo "make checks: all checks passed"

test-versions:
	$(PYTHON_BOOT) tools/versions.py run $(VERSIONS)

sanity: stage
	cd $(STAGED) && $(BIN)/ansible-test sanity --venv --python $(PYVER) --color no

units: setup
	$(PY) -m pytest -p no:cacheprovider --import-mode=importlib -n 2 -q tests/unit

# Every integration target on the newest ansible-core (`make test-versions` runs them on every version), in two
# halves at once, each with its simulator and its copy of the collection (their config and output go there while
# sanity reads $(STAGE)); then the modules' results of both, recorded as they ran, held against their RETURN
# documentation (tools/check_returns.py). The first half is INTEGRATION_FIRST; the second is every other target,
# a new one included. ansible-test's SSH key is made once before (tools/versions.py ssh-key), so that the halves
# never race to make it.
INTEGRATION_FIRST := vpcep_service role_endpoint_services role_endpoints vpcep_service_info auth_secrets vpcep_services vpcep_connection
RETURNS := $(BUILD)/returns/main
integration: integration-1 integration-2
	$(PY) tools/check_returns.py $(RETURNS)/1 $(RETURNS)/2

ssh-key: setup
	$(PY) tools/versions.py ssh-key

# integration-N: one half; the copy is made in the recipe (not by a prerequisite), so that make test starts the
# halves, its longest jobs, first.
integration-1: INTEGRATION_SELECT = $(INTEGRATION_FIRST)
integration-2: INTEGRATION_SELECT = $(addprefix --exclude ,$(INTEGRATION_FIRST))
integration-1 integration-2: setup ssh-key
	$(PY) tools/stage_collection.py $(BUILD)/stage-$@ >/dev/null
	rm -rf $(RETURNS)/$(subst integration-,,$@)
	$(PY) tools/with_simulator.py \
	  --integration-config $(BUILD)/stage-$@/ansible_collections/hwcloud/vpcep/tests/integration/integration_config.yml \
	  --record-returns $(RETURNS)/$(subst integration-,,$@) -- \
	  sh -c 'cd $(BUILD)/stage-$@/ansible_collections/hwcloud/vpcep && \
	         $(BIN)/ansible-test integration --local --python $(PYVER) --color no $(INTEGRATION_SELECT)'

lint: setup
	$(BIN)/ansible-lint --offline

changelog-lint: setup
	$(BIN)/antsibull-changelog lint

# Reference pages rendered from ansible-doc, and the docs site's extra docs made from the Markdown pages;
# docs-check fails when a committed page is stale.
docs: setup
	$(PY) tools/render_docs.py
	$(PY) tools/docsite.py sources

docs-check: setup
	$(PY) tools/render_docs.py --check
	$(PY) tools/docsite.py sources --check

# antsibull-docs lint-collection-docs, through tools/docs_lint.py (which keeps its temporary directory names
# from ending in "_", see there).
docs-lint: stage
	cd $(STAGED) && $(PY) $(CURDIR)/tools/docs_lint.py --plugin-docs --validate-collection-refs all .

# The HTML docs site (antsibull-docs sphinx-init + Sphinx, warnings as errors, offline) in .build/docsite/build/html.
docsite: setup
	$(PY) tools/docsite.py build $(BUILD)/docsite

# The role scenarios in extensions/molecule/, against a simulator started for them.
molecule: setup
	$(PY) tools/with_simulator.py -- $(BIN)/molecule test --all

dist: setup
	rm -rf $(DIST)
	$(BIN)/ansible-galaxy collection build --output-path $(DIST) .

build-check: dist
	rm -rf $(BUILD)/installed
	ANSIBLE_COLLECTIONS_PATH=$(BUILD)/installed $(BIN)/ansible-galaxy collection install --offline --force \
	  -p $(BUILD)/installed $(DIST)/hwcloud-vpcep-*.tar.gz
	ANSIBLE_COLLECTIONS_PATH=$(BUILD)/installed $(PY) tools/check_installed_docs.py

# The execution environment's build context with the built collection in it (no image is built here);
# docs/awx.md shows how to build and push the image elsewhere.
ee-context: dist
	$(PY) tools/ee_context.py $(DIST)/hwcloud-vpcep-*.tar.gz $(BUILD)/ee/context

# API requests and seconds against the simulator, beside their targets (docs/benchmarks.md). Slow (minutes),
# so not part of `make test`; it reports and never fails on a slow machine. BENCH_ARGS=--smoke: a quick check.
bench: setup
	$(PY) tools/bench/run.py $(BENCH_ARGS)

# Issue 23's targets: each role over 50 new entries and then over the same entries as no-ops, at 50 ms latency and
# 5 s provisioning, and the no-op task against a uri task in both columns (docs/benchmarks.md, section 7). Minutes
# while the roles loop over their entries, so not part of make bench. BENCH_ARGS as for bench (--fleet-count ...).
bench-fleet: setup
	$(PY) tools/bench/run.py --only pertask --only fleet --out $(BUILD)/bench/fleet.json $(BENCH_ARGS)

# The simulator in the foreground until Ctrl-C, on SIM_PORT (8765; 0 takes a free one). It prints the export lines
# of its address and both accounts and writes them to .build/simulator.env (docs/user-guide.md).
SIM_PORT ?= 8765
simulator: demo-setup
	PYTHONPATH=tests/simulator $(PY) -m vpcep_sim --port $(SIM_PORT) --env-file $(BUILD)/simulator.env

# The demo playbook (playbooks/demo.yml) against a simulator started for it and stopped afterwards, also
# on failure. The project id is resolved from IAM as on the real cloud; 2 s of provisioning shows the waits.
# It needs only ansible-core and requests (demo-setup); it ends with the user guide's commands to run your own
# playbook against the simulator (tools/doc_snippets.py reads them from the guide, which a test runs).
DEMO_ENV := ANSIBLE_CALLBACK_RESULT_FORMAT=yaml ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
demo: demo-setup
	@$(PY) tools/with_simulator.py --provision-delay 2 --project-id resolve -- \
	  env $(DEMO_ENV) $(BIN)/ansible-playbook hwcloud.vpcep.demo
	@echo
	@echo "The demo's simulator has stopped. To run your own playbook against a simulator (docs/user-guide.md,"
	@echo "\"Your first playbook against the simulator\", which has one to save as ~/first-playbook.yml), here:"
	@echo
	@$(PY) tools/doc_snippets.py docs/user-guide.md "Your first playbook against the simulator" console | sed 's/^./    &/'

clean:
	rm -rf $(BUILD) tests/output

distclean: clean
	rm -rf $(VENV) .venvs
