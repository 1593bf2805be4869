# hwcloud.vpcep: every set-up step and check, from a fresh clone with only python3, pip and make.
#   make demo   run the demo playbook against the local simulator
#   make test   run every check (sanity, unit, integration, lint, changelog, docs, build)

PYTHON_BOOT ?= python3
VENV        := .venv
PY          := $(CURDIR)/$(VENV)/bin/python
BIN         := $(CURDIR)/$(VENV)/bin
BUILD       := $(CURDIR)/.build
# A symlink for Python imports and ansible-playbook; ansible-test needs real copies (it resolves links).
COLL_LINK   := $(BUILD)/collections/ansible_collections/hwcloud/vpcep
STAGE       := $(BUILD)/stage
STAGED      := $(STAGE)/ansible_collections/hwcloud/vpcep
PYVER       := 3.11
export PATH := $(BIN):$(PATH)
export ANSIBLE_COLLECTIONS_PATH := $(BUILD)/collections
export ANSIBLE_NOCOLOR := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help setup stage test demo simulator sanity units integration lint changelog-lint docs-lint build-check bench clean distclean

help:
	@echo "make demo        run the demo playbook against the local simulator"
	@echo "make test        run every check: sanity, units, integration, lint, changelog, docs, build"
	@echo "make simulator   run the VPCEP API simulator in the foreground"
	@echo "make sanity | units | integration | lint | changelog-lint | docs-lint | build-check"
	@echo "make docs        regenerate docs/modules and docs/roles from the modules' and roles' documentation"

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON_BOOT) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt -r requirements-dev.txt
	touch $@

$(COLL_LINK):
	mkdir -p $(dir $@)
	ln -sfn ../../../.. $@

# ansible-test bootstraps pip in its sanity venvs with a script it downloads from outside the
# package index; it first looks for a cached copy, so one that works offline is put there.
.build/get-pip.stamp: tools/get_pip_offline.py $(VENV)/.installed
	@version=$$($(PY) -c 'import re, ansible_test, os; src = open(os.path.join(os.path.dirname(ansible_test.__file__), "_internal", "python_requirements.py")).read(); print(re.search(r"pip=.([0-9.]+).", src).group(1))'); \
	  mkdir -p $(HOME)/.ansible/test/cache; \
	  cp tools/get_pip_offline.py $(HOME)/.ansible/test/cache/get_pip_$$(echo $$version | tr . _).py; \
	  echo "ansible-test pip $$version bootstrap: $(HOME)/.ansible/test/cache/get_pip_$$(echo $$version | tr . _).py"
	mkdir -p .build && touch $@

setup: $(VENV)/.installed $(COLL_LINK) .build/get-pip.stamp

stage: setup
	$(PY) tools/stage_collection.py $(STAGE) >/dev/null

test: setup
	$(MAKE) sanity
	$(MAKE) units
	$(MAKE) integration
	$(MAKE) lint
	$(MAKE) changelog-lint
	$(MAKE) docs-lint
	$(MAKE) build-check
	$(MAKE) docs-check
	@echo "make test: all checks passed"

sanity: stage
	cd $(STAGED) && $(BIN)/ansible-test sanity --venv --python $(PYVER) --color no

units: setup
	$(PY) -m pytest -p no:cacheprovider --import-mode=importlib -n 2 -q tests/unit

integration: stage
	$(PY) tools/with_simulator.py --integration-config $(STAGED)/tests/integration/integration_config.yml -- \
	  sh -c 'cd $(STAGED) && $(BIN)/ansible-test integration --local --python $(PYVER) --color no'

lint: setup
	$(BIN)/ansible-lint --offline

changelog-lint: setup
	$(BIN)/antsibull-changelog lint

docs-lint: stage
	cd $(STAGED) && $(BIN)/antsibull-docs lint-collection-docs --plugin-docs --validate-collection-refs all .

build-check: setup
	rm -rf $(BUILD)/dist $(BUILD)/installed
	$(BIN)/ansible-galaxy collection build --output-path $(BUILD)/dist .
	ANSIBLE_COLLECTIONS_PATH=$(BUILD)/installed $(BIN)/ansible-galaxy collection install --offline --force \
	  -p $(BUILD)/installed $(BUILD)/dist/hwcloud-vpcep-*.tar.gz
	ANSIBLE_COLLECTIONS_PATH=$(BUILD)/installed $(PY) tools/check_installed_docs.py

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

# Reference pages rendered from ansible-doc; docs-check fails when a committed page is stale.
.PHONY: docs docs-check
docs: setup $(COLL_LINK)
	$(PY) tools/render_docs.py

docs-check: setup $(COLL_LINK)
	$(PY) tools/render_docs.py --check

clean:
	rm -rf $(BUILD) tests/output

distclean: clean
	rm -rf $(VENV)
