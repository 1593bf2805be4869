# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The simulator's state: accounts, endpoint services, VPC endpoints, tokens, faults, the request log.

One re-entrant lock guards everything; every public method takes it, so each API call changes the
state atomically. Statuses are computed from timestamps when read (creating until ready_at,
deleting until gone_at), which is what a client polling the real API observes, without timers.
The services' calls live in services.py, the endpoints' in endpoints.py; this file holds what
both share: configuration, persistence, tokens, faults and the log.
"""

import collections
import copy
import json
import os
import re
import tempfile
import threading
import time
import uuid

from .accounts import Accounts, default_consumer
from .defaults import (DEFAULT_ACCESS_KEY, DEFAULT_ACCOUNT_NAME, DEFAULT_SECRET_KEY, ENDPOINT_QUOTA, REQUEST_LOG_SIZE,
                       SERVICE_QUOTA, TOKEN_LIFETIME)
from .endpoints import EndpointStore
from .permissions import PermissionStore
from .schedule import Scheduler
from .services import ServiceStore
from .validation import ApiError, bad

FAULT_ACTIONS = ("429", "500", "503", "close", "drop_after_commit", "500_after_commit", "slow_commit", "empty_200",
                 "non_json_200", "lying_total")
STATE_VERSION = 2


def _number(key, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise bad("Invalid parameter %s: must be a number >= 0" % key)
    return float(value)


def _count(key, value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise bad("Invalid parameter %s: must be an integer >= 0" % key)
    return value


def _flag(key, value):
    if not isinstance(value, bool):
        raise bad("Invalid parameter %s: must be a boolean" % key)
    return value


def _pattern(key, value):
    if value is not None and not isinstance(value, str):
        raise bad("Invalid parameter %s: must be a string or null" % key)
    try:
        re.compile(value or "")
    except re.error as exc:
        raise bad("Invalid parameter %s: not a regular expression (%s)" % (key, exc)) from exc
    return value or None


CONFIG_CHECKS = {
    "provision_delay": _number,
    "connection_delay": _number,
    "latency_ms": _number,
    "jitter_ms": _number,
    "fail_pattern": _pattern,
    "endpoint_fail_pattern": _pattern,
    "routetable_fail_pattern": _pattern,
    "quota": _count,
    "endpoint_quota": _count,
    "strict_port_conflicts": _flag,
    "list_owner_permission": _flag,
    "list_permission_descriptions": _flag,
}


class State(ServiceStore, PermissionStore, EndpointStore):
    """All mutable simulator state behind one lock."""

    def __init__(self, region, project_id, domain_id, provision_delay=2.0, fail_pattern=None, state_file=None,
                 strict_port_conflicts=True, connection_delay=0.0, accounts=None,
                 access_key=DEFAULT_ACCESS_KEY, secret_key=DEFAULT_SECRET_KEY, latency_ms=0.0, jitter_ms=0.0):
        self.lock = threading.RLock()
        self.region = region
        default = {"name": DEFAULT_ACCOUNT_NAME, "access_key": access_key, "secret_key": secret_key,
                   "domain_id": domain_id, "project_id": project_id}
        self.accounts = Accounts(default, [default_consumer()] if accounts is None else accounts)
        self.state_file = state_file
        self._start_config = {
            "provision_delay": provision_delay, "fail_pattern": fail_pattern, "quota": SERVICE_QUOTA,
            "strict_port_conflicts": strict_port_conflicts, "connection_delay": connection_delay,
            "endpoint_quota": ENDPOINT_QUOTA, "endpoint_fail_pattern": None, "routetable_fail_pattern": None,
            "list_owner_permission": False,
            "list_permission_descriptions": False, "latency_ms": latency_ms, "jitter_ms": jitter_ms,
        }
        self.config = {}
        self.tokens = {}
        self.faults = []
        self.log = collections.deque(maxlen=REQUEST_LOG_SIZE)
        self.scheduler = Scheduler(self)
        self._clear()
        try:
            self._apply_config(dict(self._start_config))
        except ApiError as error:
            raise ValueError(error.error_msg) from error
        self.public_services = self._public_services()
        if state_file and os.path.exists(state_file):
            self._load()

    @property
    def project_id(self):
        """The default account's project."""
        return self.accounts.default["project_id"]

    @property
    def domain_id(self):
        """The default account's domain."""
        return self.accounts.default["domain_id"]

    def account(self, name=None):
        """The account of this name (the default one for None); a 400 when there is none."""
        if name is None:
            return self.accounts.default
        account = self.accounts.by_name(name) if isinstance(name, str) else None
        if account is None:
            raise bad("Invalid parameter account: no account named %r (known: %s)"
                      % (name, ", ".join(a["name"] for a in self.accounts.items)))
        return account

    # ------------------------------------------------------------------ config, reset, persistence
    def _clear(self):
        self.services = {}
        self.endpoints = {}
        self.log.clear()
        self._log_seq = 0
        self._service_seq = 0
        self._connection_seq = 0

    def _apply_config(self, values):
        config = dict(self.config)
        for key, value in values.items():
            if key not in CONFIG_CHECKS:
                raise bad("Invalid parameter %s: unknown configuration key (known: %s)" % (key, ", ".join(sorted(CONFIG_CHECKS))))
            config[key] = CONFIG_CHECKS[key](key, value)
        self.config = config
        self._fail_re = re.compile(config["fail_pattern"]) if config.get("fail_pattern") else None
        self._endpoint_fail_re = re.compile(config["endpoint_fail_pattern"]) if config.get("endpoint_fail_pattern") else None
        self._routetable_fail_re = re.compile(config["routetable_fail_pattern"]) if config.get("routetable_fail_pattern") else None

    def configure(self, values):
        """Change any subset of the configuration keys (CONFIG_CHECKS); returns the config."""
        with self.lock:
            self._apply_config(values)
            return dict(self.config)

    def get_config(self):
        """The current configuration."""
        with self.lock:
            return dict(self.config)

    def reset(self):
        """Services, endpoints, log, faults, schedules and config back to the start values; accounts and tokens are kept."""
        self.scheduler.clear()
        with self.lock:
            self._clear()
            self.faults = []
            self.config = {}
            self._apply_config(dict(self._start_config))
            self._save()

    def _load(self):
        with open(self.state_file, encoding="utf-8") as handle:
            data = json.load(handle)
        if data.get("version") not in (1, STATE_VERSION):
            raise ValueError("%s: unknown state file version %r" % (self.state_file, data.get("version")))
        default = self.accounts.default
        for record in data.get("services", []):
            # Version 1 files knew one account: their services are the default account's.
            record.setdefault("project_id", default["project_id"])
            record.setdefault("domain_id", default["domain_id"])
            for permission in record["permissions"]:
                permission.setdefault("description", "")
                permission.setdefault("implicit", False)
            self.services[record["id"]] = record
        self.endpoints = {record["id"]: record for record in data.get("endpoints", [])}
        self._service_seq = max([record["seq"] for record in self.services.values()] or [0])
        self._connection_seq = data.get("connection_seq", 0) or max(
            [c["seq"] for record in self.services.values() for c in record["connections"]] +
            [record["seq"] for record in self.endpoints.values()] or [0])

    def _save(self):
        if not self.state_file:
            return
        data = {
            "version": STATE_VERSION,
            "region": self.region,
            "projects": [account["project_id"] for account in self.accounts.items],
            "services": sorted(self.services.values(), key=lambda record: record["seq"]),
            "endpoints": sorted(self.endpoints.values(), key=lambda record: record["seq"]),
            "connection_seq": self._connection_seq,
        }
        directory = os.path.dirname(os.path.abspath(self.state_file))
        handle, tmp = tempfile.mkstemp(prefix=".vpcep-sim-", dir=directory)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(data, stream)
            os.replace(tmp, self.state_file)
        except OSError:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    def _next_connection_seq(self):
        # One counter for connections and endpoints, so the owner's connection list has one order.
        self._connection_seq += 1
        return self._connection_seq

    # ------------------------------------------------------------------ tokens
    def issue_token(self, account=None):
        """A new project-scoped token of the account (the default one for None) and its expiry time."""
        with self.lock:
            token = "MIIsim" + uuid.uuid4().hex + uuid.uuid4().hex
            expires = time.time() + TOKEN_LIFETIME
            self.tokens[token] = (expires, (account or self.accounts.default)["name"])
            return token, expires

    def token_owner(self, token):
        """The account of an unexpired token issued by this simulator, or None."""
        with self.lock:
            expires, name = self.tokens.get(token, (0, None))
            return self.accounts.by_name(name) if expires > time.time() else None

    def token_valid(self, token):
        """True for an unexpired token issued by this simulator."""
        return self.token_owner(token) is not None

    # ------------------------------------------------------------------ faults
    def add_fault(self, action, method=None, path=".*", count=1, retry_after=None, skip=0, delay=None, total_count=None):
        """Queue a fault for the next count requests whose method and path (regex search) match, after skip of them pass."""
        _check_fault(action, method, path, count, retry_after, skip, delay)
        _check_total_count(action, total_count)
        fault = {"action": action, "method": method.upper() if method else None, "path": path,
                 "count": count, "retry_after": retry_after, "skip": skip, "_re": re.compile(path)}
        if action == "slow_commit":
            fault["delay"] = float(delay)
        if action == "lying_total":
            fault["total_count"] = total_count
        with self.lock:
            self.faults.append(fault)
            return {k: v for k, v in fault.items() if not k.startswith("_")}

    def list_faults(self):
        """Pending faults with their remaining counts."""
        with self.lock:
            return [{k: v for k, v in f.items() if not k.startswith("_")} for f in self.faults]

    def clear_faults(self):
        """Drop every pending fault."""
        with self.lock:
            self.faults = []

    def take_fault(self, method, path):
        """The first pending fault matching this request, consumed once; None when none matches."""
        with self.lock:
            for fault in self.faults:
                if fault["method"] and fault["method"] != method.upper():
                    continue
                if not fault["_re"].search(path):
                    continue
                if fault["skip"] > 0:
                    # This matching request passes untouched (e.g. to fail the third of five actions).
                    fault["skip"] -= 1
                    continue
                fault["count"] -= 1
                if fault["count"] <= 0:
                    self.faults.remove(fault)
                return {k: v for k, v in fault.items() if not k.startswith("_")}
            return None

    # ------------------------------------------------------------------ request log
    def log_request(self, entry):
        """Append an API call to the log; returns its seq."""
        with self.lock:
            self._log_seq += 1
            entry = dict(entry, seq=self._log_seq)
            self.log.append(entry)
            return self._log_seq

    @property
    def last_seq(self):
        """The seq of the last logged API call (0 before the first)."""
        with self.lock:
            return self._log_seq

    def requests(self, since=0):
        """Logged API calls with seq > since, oldest first."""
        with self.lock:
            return [copy.deepcopy(e) for e in self.log if e["seq"] > since]


def _check_total_count(action, total_count):
    """A 400 unless lying_total has a total_count (an integer >= 0) and no other action has one."""
    if action == "lying_total":
        if isinstance(total_count, bool) or not isinstance(total_count, int) or total_count < 0:
            raise bad("Invalid parameter total_count: lying_total needs a total_count, an integer >= 0")
    elif total_count is not None:
        raise bad("Invalid parameter total_count: only lying_total takes a total_count")


def _check_fault(action, method, path, count, retry_after, skip, delay):
    """A 400 naming the first bad argument of a fault."""
    if action not in FAULT_ACTIONS:
        raise bad("Invalid parameter action: must be one of %s" % ", ".join(FAULT_ACTIONS))
    if method is not None and not isinstance(method, str):
        raise bad("Invalid parameter method: must be a string or null")
    if not isinstance(path, str):
        raise bad("Invalid parameter path: must be a string (a regular expression)")
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise bad("Invalid parameter count: must be an integer >= 1")
    if isinstance(skip, bool) or not isinstance(skip, int) or skip < 0:
        raise bad("Invalid parameter skip: must be an integer >= 0")
    if retry_after is not None and (isinstance(retry_after, bool) or not isinstance(retry_after, (int, float, str))):
        raise bad("Invalid parameter retry_after: must be a number of seconds or an HTTP date")
    if action == "slow_commit":
        if isinstance(delay, bool) or not isinstance(delay, (int, float)) or delay <= 0:
            raise bad("Invalid parameter delay: slow_commit needs a delay in seconds > 0")
    elif delay is not None:
        raise bad("Invalid parameter delay: only slow_commit takes a delay")
    try:
        re.compile(path)
    except re.error as exc:
        raise bad("Invalid parameter path: not a regular expression (%s)" % exc) from exc
