# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The simulator's state: endpoint services, their permissions and connections, faults, the request log.

One re-entrant lock guards everything; every public method takes it, so each API call changes the
state atomically. Statuses are computed from timestamps when read (creating until ready_at,
deleting until gone_at), which is what a client polling the real API observes, without timers.
"""

import collections
import copy
import json
import os
import random
import re
import tempfile
import threading
import time
import uuid

from . import shapes
from .defaults import (CIDR_TYPE, ENDPOINT_QUOTA, PUBLIC_BORDER_GROUP, REQUEST_LOG_SIZE, SERVICE_QUOTA, SUPPORTED_EDITIONS,
                       TOKEN_LIFETIME)
from .validation import ApiError, bad

SERVICE_STATUSES = ("creating", "available", "failed", "deleting")
CONNECTION_STATUSES = ("pendingAcceptance", "accepted", "rejected", "creating", "failed", "deleting")
# Statuses a receive or reject may start from; the others are the cloud's own work in progress or an end.
ACTIONABLE_CONNECTION_STATUSES = ("pendingAcceptance", "accepted", "rejected")
FAULT_ACTIONS = ("429", "500", "503", "close", "drop_after_commit")
STATE_VERSION = 1


def iso(timestamp):
    """UTC time as the API writes it: YYYY-MM-DDTHH:MM:SSZ."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(timestamp))


def new_id():
    """A resource id in the API's uuid form."""
    return str(uuid.uuid4())


def _next_seq(items):
    return items[-1]["seq"] + 1 if items else 1


def not_found(what, ident):
    """The API's 404 for an unknown resource."""
    return ApiError(404, "EndPoint.0005", "The requested resource does not exist: %s %s" % (what, ident))


class State:
    """All mutable simulator state behind one lock."""

    def __init__(self, region, project_id, domain_id, provision_delay=2.0, fail_pattern=None, state_file=None,
                 strict_port_conflicts=True, connection_delay=0.0):
        self.lock = threading.RLock()
        self.region = region
        self.project_id = project_id
        self.domain_id = domain_id
        self.state_file = state_file
        self._start_config = {
            "provision_delay": float(provision_delay),
            "fail_pattern": fail_pattern,
            "quota": SERVICE_QUOTA,
            "strict_port_conflicts": strict_port_conflicts,
            "connection_delay": float(connection_delay),
        }
        self.config = {}
        self._fail_re = None
        self.services = {}
        self.tokens = {}
        self.faults = []
        self.log = collections.deque(maxlen=REQUEST_LOG_SIZE)
        self._log_seq = 0
        self._service_seq = 0
        try:
            self._apply_config(dict(self._start_config))
        except ApiError as error:
            raise ValueError(error.error_msg) from error
        if state_file and os.path.exists(state_file):
            self._load()

    # ------------------------------------------------------------------ config, reset, persistence
    def _apply_config(self, values):
        config = dict(self.config)
        for key, value in values.items():
            if key in ("provision_delay", "connection_delay"):
                if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                    raise bad("Invalid parameter %s: must be a number >= 0" % key)
                config[key] = float(value)
            elif key == "fail_pattern":
                if value is not None and not isinstance(value, str):
                    raise bad("Invalid parameter fail_pattern: must be a string or null")
                try:
                    self._fail_re = re.compile(value) if value else None
                except re.error as exc:
                    raise bad("Invalid parameter fail_pattern: not a regular expression (%s)" % exc) from exc
                config[key] = value or None
            elif key == "quota":
                if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                    raise bad("Invalid parameter quota: must be an integer >= 0")
                config[key] = value
            elif key == "strict_port_conflicts":
                if not isinstance(value, bool):
                    raise bad("Invalid parameter strict_port_conflicts: must be a boolean")
                config[key] = value
            else:
                raise bad("Invalid parameter %s: unknown configuration key" % key)
        self.config = config

    def configure(self, values):
        """Change provision_delay, connection_delay, fail_pattern, quota or strict_port_conflicts; returns the config."""
        with self.lock:
            self._apply_config(values)
            return dict(self.config)

    def get_config(self):
        """The current configuration."""
        with self.lock:
            return dict(self.config)

    def reset(self):
        """Services, log, faults and config back to the start values; credentials and tokens are kept."""
        with self.lock:
            self.services = {}
            self.faults = []
            self.log.clear()
            self._log_seq = 0
            self._service_seq = 0
            self.config = {}
            self._apply_config(dict(self._start_config))
            self._save()

    def _load(self):
        with open(self.state_file, encoding="utf-8") as handle:
            data = json.load(handle)
        if data.get("version") != STATE_VERSION:
            raise ValueError("%s: unknown state file version %r" % (self.state_file, data.get("version")))
        self.services = {record["id"]: record for record in data.get("services", [])}
        self._service_seq = max([record["seq"] for record in self.services.values()] or [0])

    def _save(self):
        if not self.state_file:
            return
        data = {
            "version": STATE_VERSION,
            "region": self.region,
            "project_id": self.project_id,
            "services": sorted(self.services.values(), key=lambda record: record["seq"]),
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

    # ------------------------------------------------------------------ statuses and shapes
    @staticmethod
    def status_of(record, now):
        """The status a reader sees now; 'gone' once a deletion has finished."""
        if record["deleted_at"] is not None:
            return "gone" if now >= record["gone_at"] else "deleting"
        if now < record["ready_at"]:
            return "creating"
        return "failed" if record["fail"] else "available"

    def full_name(self, record):
        """region.name.id, or region.id for a service without a name."""
        if record["service_name"]:
            return "%s.%s.%s" % (self.region, record["service_name"], record["id"])
        return "%s.%s" % (self.region, record["id"])

    def service_view(self, record, status, now):
        """Every field any service answer carries; each call cuts it to its own shape (shapes.py)."""
        updated = record["updated"]
        if status in ("available", "failed"):
            updated = max(updated, record["ready_at"])
        return {
            "id": record["id"],
            "port_id": record["port_id"],
            "vpc_id": record["vpc_id"],
            "pool_id": record["pool_id"],
            "status": status,
            "approval_enabled": record["approval_enabled"],
            "service_name": self.full_name(record),
            "service_type": record["service_type"],
            "server_type": record["server_type"],
            "project_id": self.project_id,
            "domain_id": self.domain_id,
            "created_at": iso(record["created"]),
            "updated_at": iso(updated),
            "ports": copy.deepcopy(record["ports"]),
            "tcp_proxy": record["tcp_proxy"],
            "tags": copy.deepcopy(record["tags"]),
            "description": record["description"],
            "enable_policy": record["enable_policy"],
            "ip_version": record["ip_version"],
            "ip": record.get("ip") or None,
            "error": copy.deepcopy(record["error"]) if status == "failed" else None,
            "connection_count": sum(1 for c in record["connections"] if self.connection_status(c, now) in ("accepted", "creating")),
            "cidr_type": CIDR_TYPE,
            "supported_editions": list(SUPPORTED_EDITIONS),
            "public_border_group": PUBLIC_BORDER_GROUP,
        }

    def to_api(self, record, status, now=None, keys=shapes.SERVICE_SHOW):
        """The service as one call answers it (show by default)."""
        now = time.time() if now is None else now
        return shapes.cut(self.service_view(record, status, now), keys)

    @staticmethod
    def connection_status(connection, now):
        """The status a reader sees now: an accepted connection is 'creating' until its ready_at."""
        ready_at = connection.get("ready_at")
        if connection["status"] == "accepted" and ready_at is not None and now < ready_at:
            return "creating"
        return connection["status"]

    @classmethod
    def connection_to_api(cls, connection, now=None):
        """A connection as the connections list and action answer it."""
        now = time.time() if now is None else now
        status = cls.connection_status(connection, now)
        updated = connection["updated"]
        if status == "accepted" and connection.get("ready_at") is not None:
            updated = max(updated, connection["ready_at"])
        view = {
            "id": connection["id"],
            "marker_id": connection["marker_id"],
            "domain_id": connection["domain_id"],
            "status": status,
            "description": connection["description"],
            "created_at": iso(connection["created"]),
            "updated_at": iso(updated),
            "error": copy.deepcopy(connection["error"]) if status == "failed" and connection.get("error") else None,
        }
        return shapes.cut(view, shapes.CONNECTION)

    @staticmethod
    def permission_to_api(permission):
        """A whitelist record as the permissions list answers it."""
        return shapes.cut({
            "id": permission["id"],
            "permission": permission["permission"],
            "permission_type": permission["permission_type"],
            "created_at": iso(permission["created"]),
        }, shapes.PERMISSION_LIST_ITEM)

    def _live(self, service_id, now):
        """The record of a service that still exists (creating/available/failed/deleting) or 404."""
        record = self.services.get(service_id)
        if record is None:
            raise not_found("endpoint service", service_id)
        status = self.status_of(record, now)
        if status == "gone":
            del self.services[service_id]
            raise not_found("endpoint service", service_id)
        return record, status

    def _purge(self, now):
        gone = [sid for sid, record in self.services.items() if self.status_of(record, now) == "gone"]
        for sid in gone:
            del self.services[sid]
        if gone:
            self._save()

    def _port_conflict(self, port_id, ports, own_id, now):
        if not self.config["strict_port_conflicts"]:
            return
        used = {}
        for record in self.services.values():
            if record["id"] == own_id or record["port_id"] != port_id:
                continue
            if self.status_of(record, now) in ("gone", "deleting"):
                continue
            for port in record["ports"]:
                used[(port["server_port"], port["protocol"])] = record["id"]
        for index, port in enumerate(ports):
            other = used.get((port["server_port"], port["protocol"]))
            if other:
                raise bad("Invalid parameter ports[%d].server_port: server port %d/%s of port_id %s is already used by endpoint service %s"
                          % (index, port["server_port"], port["protocol"], port_id, other))

    # ------------------------------------------------------------------ endpoint services
    def _new_record(self, fields, now, delay, fail):
        self._service_seq += 1
        record = {
            "id": new_id(),
            "seq": self._service_seq,
            "pool_id": new_id(),
            "port_id": fields["port_id"],
            "vpc_id": fields["vpc_id"],
            "service_name": fields.get("service_name", ""),
            "approval_enabled": fields.get("approval_enabled", True),
            "service_type": fields.get("service_type", "interface"),
            "server_type": fields["server_type"],
            "ip": fields.get("ip"),
            "ports": fields["ports"],
            "tcp_proxy": fields.get("tcp_proxy", "close"),
            "tags": fields.get("tags", []),
            "description": fields.get("description", ""),
            "enable_policy": False,
            "ip_version": fields.get("ip_version", "ipv4"),
            "snat_network_id": fields.get("snat_network_id"),
            "created": now,
            "updated": now,
            "ready_at": now + delay,
            "fail": fail,
            "error": [],
            "deleted_at": None,
            "gone_at": None,
            "permissions": [],
            "connections": [],
        }
        if fail:
            message = "Failed to provision the endpoint service on backend resource %s (simulated failure)" % fields["port_id"]
            record["error"] = [{
                "error_code": "EndPoint.0001",
                "error_message": message,
                "code": "EndPoint.0001",
                "message": message,
            }]
        self.services[record["id"]] = record
        return record

    def create_service(self, fields):
        """Store a validated create body; the service is 'creating' for provision_delay seconds."""
        with self.lock:
            now = time.time()
            self._purge(now)
            if len(self.services) >= self.config["quota"]:
                raise ApiError(400, "EndPoint.0002", "Invalid parameter quota: the endpoint_service quota of %d is used up" % self.config["quota"])
            self._port_conflict(fields["port_id"], fields["ports"], None, now)
            fail = bool(self._fail_re and self._fail_re.search(fields.get("service_name", "")))
            record = self._new_record(fields, now, self.config["provision_delay"], fail)
            self._save()
            return self.to_api(record, self.status_of(record, now), now, shapes.SERVICE_CREATE)

    def show_service(self, service_id):
        """The service, or 404."""
        with self.lock:
            now = time.time()
            record, status = self._live(service_id, now)
            return self.to_api(record, status, now)

    def list_services(self, name=None, service_id=None, status=None, sort_key="create_at", sort_dir="desc", limit=10, offset=0):
        """(page, total_count) with the list filters; the name filter is a case-insensitive substring."""
        with self.lock:
            now = time.time()
            self._purge(now)
            matched = []
            needle = name.lower() if name else None
            for record in self.services.values():
                if service_id is not None and record["id"] != service_id:
                    continue
                record_status = self.status_of(record, now)
                if status is not None and record_status != status:
                    continue
                if needle and needle not in self.full_name(record).lower():
                    continue
                matched.append((record, record_status))
            field = "created" if sort_key == "create_at" else "updated"
            matched.sort(key=lambda item: (item[0][field], item[0]["seq"]), reverse=(sort_dir == "desc"))
            page = matched[offset:offset + limit]
            return [self.to_api(record, record_status, now, shapes.SERVICE_LIST_ITEM) for record, record_status in page], len(matched)

    def update_service(self, service_id, fields):
        """Apply a validated modify body; ports are replaced whole."""
        with self.lock:
            now = time.time()
            record, status = self._live(service_id, now)
            if status == "deleting":
                raise bad("Invalid parameter vpc_endpoint_service_id: endpoint service %s is being deleted" % service_id)
            if "ports" in fields or "port_id" in fields:
                self._port_conflict(fields.get("port_id", record["port_id"]), fields.get("ports", record["ports"]), service_id, now)
            for key, value in fields.items():
                record[key] = value
            record["updated"] = now
            self._save()
            return self.to_api(record, status, now, shapes.SERVICE_UPDATE)

    def delete_service(self, service_id):
        """Start the deletion: 'deleting' for provision_delay seconds, then gone (404)."""
        with self.lock:
            now = time.time()
            record, status = self._live(service_id, now)
            if status != "deleting":
                record["deleted_at"] = now
                record["gone_at"] = now + self.config["provision_delay"]
                record["updated"] = now
                self._save()

    def quotas(self):
        """Used and quota per resource type."""
        with self.lock:
            now = time.time()
            self._purge(now)
            return {
                "endpoint_service": (len(self.services), self.config["quota"]),
                "endpoint": (0, ENDPOINT_QUOTA),
            }

    def seed(self, count, name_prefix="svc", name=None):
        """count services that are 'available' at once (no validation, no quota); returns their ids.

        They are named <name_prefix><i> (i from 1), or all exactly name when it is given."""
        with self.lock:
            now = time.time()
            ids = []
            for index in range(1, count + 1):
                fields = {
                    "port_id": new_id(),
                    "vpc_id": new_id(),
                    "service_name": name if name is not None else ("%s%d" % (name_prefix, index))[:16],
                    "server_type": "VM",
                    "ports": [{"client_port": 80, "server_port": 80, "protocol": "TCP"}],
                }
                ids.append(self._new_record(fields, now, 0.0, False)["id"])
            self._save()
            return ids

    # ------------------------------------------------------------------ tags
    def tag_action(self, service_id, action, tags, max_tags):
        """create: upsert by key; delete: by key (a value given is not compared)."""
        with self.lock:
            now = time.time()
            record, _status = self._live(service_id, now)
            current = {tag["key"]: tag["value"] for tag in record["tags"]}
            if action == "create":
                for tag in tags:
                    current[tag["key"]] = tag["value"]
                if len(current) > max_tags:
                    raise bad("Invalid parameter tags: an endpoint service can carry at most %d tags, this would make %d" % (max_tags, len(current)))
            else:
                for tag in tags:
                    current.pop(tag["key"], None)
            record["tags"] = [{"key": key, "value": value} for key, value in current.items()]
            self._save()

    # ------------------------------------------------------------------ permissions
    def list_permissions(self, service_id, permission=None, sort_dir="desc", limit=10, offset=0):
        """(page, total_count) of the whitelist; permission filters by case-insensitive substring."""
        with self.lock:
            record, _status = self._live(service_id, time.time())
            items = record["permissions"]
            if permission:
                items = [p for p in items if permission.lower() in p["permission"].lower()]
            items = sorted(items, key=lambda p: (p["created"], p["seq"]), reverse=(sort_dir == "desc"))
            return [self.permission_to_api(p) for p in items[offset:offset + limit]], len(items)

    def permission_action(self, service_id, action, permission_type, permissions):
        """add (existing entries are kept as they are) or remove (absent entries are ignored)."""
        with self.lock:
            now = time.time()
            record, _status = self._live(service_id, now)
            existing = {p["permission"]: p for p in record["permissions"]}
            if action == "add":
                for value in permissions:
                    if value not in existing:
                        entry = {
                            "id": new_id(),
                            "permission": value,
                            "permission_type": permission_type,
                            "created": now,
                            "seq": _next_seq(record["permissions"]),
                        }
                        record["permissions"].append(entry)
                        existing[value] = entry
            else:
                remove = set(permissions)
                record["permissions"] = [p for p in record["permissions"] if p["permission"] not in remove]
            self._save()
            return [p["permission"] for p in record["permissions"]]

    # ------------------------------------------------------------------ connections
    def add_connection(self, service_id, domain_id=None, status="pendingAcceptance", description=""):
        """A consumer endpoint from another domain connecting to the service (for /_sim/connections)."""
        with self.lock:
            now = time.time()
            record, _status = self._live(service_id, now)
            used = {c["marker_id"] for s in self.services.values() for c in s["connections"]}
            marker = random.randint(100000000, 2 ** 31 - 1)
            while marker in used:
                marker = random.randint(100000000, 2 ** 31 - 1)
            # The status is kept as given: a test that asks for 'creating' or 'deleting' gets one that stays so.
            connection = {
                "id": new_id(),
                "marker_id": marker,
                "domain_id": domain_id or uuid.uuid4().hex,
                "status": status,
                "ready_at": None,
                "description": description,
                "created": now,
                "updated": now,
                "seq": _next_seq(record["connections"]),
            }
            record["connections"].append(connection)
            self._save()
            return self.connection_to_api(connection, now)

    def list_connections(self, service_id, connection_id=None, marker_id=None, status=None,
                         sort_key="create_at", sort_dir="desc", limit=10, offset=0):
        """(page, total_count) of the service's connections."""
        with self.lock:
            now = time.time()
            record, _status = self._live(service_id, now)
            items = [
                c for c in record["connections"]
                if (connection_id is None or c["id"] == connection_id)
                and (marker_id is None or c["marker_id"] == marker_id)
                and (status is None or self.connection_status(c, now) == status)
            ]
            field = "created" if sort_key == "create_at" else "updated"
            items.sort(key=lambda c: (c[field], c["seq"]), reverse=(sort_dir == "desc"))
            return [self.connection_to_api(c, now) for c in items[offset:offset + limit]], len(items)

    def _connections_by_id(self, record, endpoint_ids, field):
        """The service's connections for these ids, in order; an unknown id is a 400 naming it (nothing changed)."""
        by_id = {c["id"]: c for c in record["connections"]}
        for index, endpoint_id in enumerate(endpoint_ids):
            # The path's service exists, so an unknown endpoint id is a bad body parameter:
            # 400 EndPoint.0002 naming it (not 404, which a client would read as "service gone").
            if endpoint_id not in by_id:
                raise bad("Invalid parameter %s: VPC endpoint %s is not connected to endpoint service %s"
                          % (field % index, endpoint_id, record["id"]))
        return [by_id[endpoint_id] for endpoint_id in endpoint_ids]

    def connection_action(self, service_id, action, endpoint_ids):
        """receive -> accepted ('creating' for connection_delay first), reject -> rejected; all ids must be connections of this service."""
        with self.lock:
            now = time.time()
            record, _status = self._live(service_id, now)
            connections = self._connections_by_id(record, endpoint_ids, "endpoints[%d]")
            for index, connection in enumerate(connections):
                status = self.connection_status(connection, now)
                if status not in ACTIONABLE_CONNECTION_STATUSES:
                    raise bad("Invalid parameter endpoints[%d]: VPC endpoint %s is %s and cannot be accepted or rejected"
                              % (index, connection["id"], status))
            new_status = "accepted" if action == "receive" else "rejected"
            result = []
            for connection in connections:
                if connection["status"] != new_status:
                    connection["status"] = new_status
                    connection["updated"] = now
                    delay = self.config["connection_delay"]
                    connection["ready_at"] = now + delay if new_status == "accepted" and delay else None
                result.append(self.connection_to_api(connection, now))
            self._save()
            return result

    def update_connection_descriptions(self, service_id, items):
        """Set the description of each listed connection (all ids must be connections of this service); returns them."""
        with self.lock:
            now = time.time()
            record, _status = self._live(service_id, now)
            connections = self._connections_by_id(record, [item["id"] for item in items], "connections[%d].id")
            for connection, item in zip(connections, items):
                if connection["description"] != item["description"]:
                    connection["description"] = item["description"]
                    connection["updated"] = now
            self._save()
            return [self.connection_to_api(connection, now) for connection in connections]

    # ------------------------------------------------------------------ tokens
    def issue_token(self):
        """A new project-scoped token and its expiry time."""
        with self.lock:
            token = "MIIsim" + uuid.uuid4().hex + uuid.uuid4().hex
            expires = time.time() + TOKEN_LIFETIME
            self.tokens[token] = expires
            return token, expires

    def token_valid(self, token):
        """True for an unexpired token issued by this simulator."""
        with self.lock:
            expires = self.tokens.get(token)
            return expires is not None and expires > time.time()

    # ------------------------------------------------------------------ faults
    def add_fault(self, action, method=None, path=".*", count=1, retry_after=None, skip=0):
        """Queue a fault for the next count requests whose method and path (regex search) match, after skip of them pass."""
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
        try:
            compiled = re.compile(path)
        except re.error as exc:
            raise bad("Invalid parameter path: not a regular expression (%s)" % exc) from exc
        fault = {"action": action, "method": method.upper() if method else None, "path": path,
                 "count": count, "retry_after": retry_after, "skip": skip, "_re": compiled}
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

    def requests(self, since=0):
        """Logged API calls with seq > since, oldest first."""
        with self.lock:
            return [copy.deepcopy(e) for e in self.log if e["seq"] > since]
