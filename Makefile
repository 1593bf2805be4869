# hwcloud.vpcep: every set-up step and check, from a fresh clone with python3, pip and make, plus the
# Python versions the tested ansible-core releases need (tools/versions.py finds them on PATH or in pyenv).
#   make demo            run the demo playbook against the local simulator
#   make test            every check: `make checks`, then `make test-versions`
#   make checks          the checks on the newest ansible-core: sanity, lint, units, docs and docs site,
#                        molecule, build, execution environment
#   make test-versions   units and every integration target on each supported ansible-core (2.16 to 2.21)

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

.PHONY: help setup stage test checks test-versions demo simulator sanity units integration lint changelog-lint \
        docs docs-check docs-lint docsite dist build-check ee-context molecule bench clean distclean

help:
	@echo "make demo            run the demo playbook against the local simulator"
	@echo "make test            every check: make checks, then make test-versions"
	@echo "make checks          the checks on the newest ansible-core (sanity, lint, units, docs, docs site,"
	@echo "                     molecule, build, execution environment)"
	@echo "make test-versions   units and integration on ansible-core 2.16 to 2.21 (VERSIONS='2.16 2.21' for some;"
	@echo "                     REQUIRE_ALL_VERSIONS=1 fails instead of skipping a version without its Python)"
	@echo "make simulator       run the VPCEP API simulator in the foreground"
	@echo "make sanity | units | integration | lint | changelog-lint | docs-lint | docsite | molecule | build-check | ee-context"
	@echo "make docs            regenerate docs/modules, docs/roles and docs/docsite from their sources"

# tools/versions.py picks the interpreter (Python 3.13 or 3.12, for ansible-core 2.21) and remakes the
# environment only when it or a requirements file changed; it also puts the offline pip bootstrap where
# ansible-test looks for it (tools/get_pip_offline.py).
$(VENV)/.installed: requirements.txt requirements-dev.txt requirements-test.txt tools/versions.py tools/get_pip_offline.py
	$(PYTHON_BOOT) tools/versions.py venv main

$(COLL_LINK):
	mkdir -p $(dir $@)
	ln -sfn ../../../.. $@

setup: $(VENV)/.installed $(COLL_LINK)

stage: setup
	$(PY) tools/stage_collection.py $(STAGE) >/dev/null

# Every check: those of the newest ansible-core first (they fail fastest), then the version matrix.
test: checks
	$(MAKE) --no-print-directory test-versions
	@echo "make test: every check passed"

# The checks are independent; two run at a time (-j2), each one's output shown whole when it ends.
checks: setup
	$(MAKE) --no-print-directory -j2 --output-sync=target sanity lint units changelog-lint docs-check docs-lint \
	  docsite molecule build-check ee-context
	@echo "make checks: all checks passed"

test-versions:
	$(PYTHON_BOOT) tools/versions.py run $(VERSIONS)

sanity: stage
	cd $(STAGED) && $(BIN)/ansible-test sanity --venv --python $(PYVER) --color no

units: setup
	$(PY) -m pytest -p no:cacheprovider --import-mode=importlib -n 2 -q tests/unit

# Every integration target on the newest ansible-core; `make test-versions` runs them on every version.
integration: stage
	$(PY) tools/with_simulator.py --integration-config $(STAGED)/tests/integration/integration_config.yml -- \
	  sh -c 'cd $(STAGED) && $(BIN)/ansible-test integration --local --python $(PYVER) --color no'

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

simulator: setup
	PYTHONPATH=tests/simulator $(PY) -m vpcep_sim

# The demo playbook (playbooks/demo.yml) against a simulator started for it and stopped afterwards, also
# on failure. The project id is resolved from IAM as on the real cloud; 2 s of provisioning shows the waits.
DEMO_ENV := ANSIBLE_CALLBACK_RESULT_FORMAT=yaml ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
demo: setup
	$(PY) tools/with_simulator.py --provision-delay 2 --project-id resolve -- \
	  env $(DEMO_ENV) $(BIN)/ansible-playbook hwcloud.vpcep.demo

clean:
	rm -rf $(BUILD) tests/output

distclean: clean
	rm -rf $(VENV) .venvs
