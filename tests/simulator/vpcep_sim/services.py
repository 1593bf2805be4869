# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The provider's side: endpoint services, their tags, permissions and connections.

A mixin of state.State: every method takes the state lock and works on self.services (id ->
record). A service belongs to the project that created it; another project's caller gets the
404 of an unknown id, as the cloud does not reveal other accounts' resources.
"""

import copy
import time

from . import shapes
from .defaults import BASIC_EDITION, CIDR_TYPE, MAX_SERVER_RESOURCES, PROFESSIONAL_EDITION, PUBLIC_BORDER_GROUP
from .records import (ACTIONABLE_CONNECTION_STATUSES, connection_status, error_entry, iso, new_id, new_marker,
                      not_found, quota_exceeded, settled_updated)
from .validation import bad


def _note_key(connection):
    # A VPC endpoint keeps the consumer's description in "description"; the owner's note on the
    # connection (connections/description) is its own field. A fake connection has only the note.
    return "note" if "note" in connection else "description"


class ServiceStore:
    """Endpoint services and what hangs off them; mixed into state.State."""

    # ------------------------------------------------------------------ statuses and shapes
    @staticmethod
    def status_of(record, now):
        """The status a reader sees now; 'gone' once a deletion has finished."""
        if record["deleted_at"] is not None:
            return "gone" if now >= record["gone_at"] else "deleting"
        if now < record["ready_at"]:
            return "creating"
        return "failed" if record["fail"] else "available"

    def inspect_services(self, name=None):
        """Every stored service that is not gone, oldest first, for tests: id, short name, status, created_at, project,
        and what a test checks was left alone: updated_at, description, port_id, ports, tags."""
        with self.lock:
            now = time.time()
            found = []
            for record in sorted(self.services.values(), key=lambda r: r["seq"]):
                status = self.status_of(record, now)
                if status == "gone" or (name is not None and record["service_name"] != name):
                    continue
                found.append({"id": record["id"], "name": record["service_name"], "status": status,
                              "created_at": iso(record["created"]), "project_id": record["project_id"],
                              "updated_at": iso(record["updated"]), "description": record["description"],
                              "port_id": record["port_id"], "ports": copy.deepcopy(record["ports"]),
                              "tags": copy.deepcopy(record["tags"]),
                              "server_resources": copy.deepcopy(record.get("server_resources", []))})
            return found

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
        view = {key: copy.deepcopy(record[key]) for key in (
            "id", "port_id", "vpc_id", "pool_id", "approval_enabled", "service_type", "server_type", "project_id",
            "domain_id", "ports", "tcp_proxy", "tags", "description", "enable_policy", "ip_version")}
        view.update({
            "status": status,
            "service_name": self.full_name(record),
            "created_at": iso(record["created"]),
            "updated_at": iso(updated),
            "ip": record.get("ip") or None,
            "error": copy.deepcopy(record["error"]) if status == "failed" else None,
            "connection_count": sum(1 for c in self._connections_of(record, now)
                                    if connection_status(c, now) in ("accepted", "creating")),
            "cidr_type": CIDR_TYPE,
            "supported_editions": list(record.get("supported_editions") or [BASIC_EDITION]),
            "public_border_group": PUBLIC_BORDER_GROUP,
        })
        return view

    def to_api(self, record, status, now=None, keys=shapes.SERVICE_SHOW):
        """The service as one call answers it (show by default)."""
        now = time.time() if now is None else now
        return shapes.cut(self.service_view(record, status, now), keys)

    @staticmethod
    def connection_to_api(connection, now=None):
        """A connection (or a VPC endpoint seen from its service) as the connections calls answer it."""
        now = time.time() if now is None else now
        status = connection_status(connection, now)
        return shapes.cut({
            "id": connection["id"],
            "marker_id": connection["marker_id"],
            "domain_id": connection["domain_id"],
            "status": status,
            "description": connection[_note_key(connection)],
            "created_at": iso(connection["created"]),
            "updated_at": iso(settled_updated(connection, now)),
            "error": copy.deepcopy(connection.get("error")) if status == "failed" and connection.get("error") else None,
        }, shapes.CONNECTION)

    @staticmethod
    def permission_to_api(permission, keys=shapes.PERMISSION_LIST_ITEM):
        """A whitelist record as the permissions list (or, with EPS_PERMISSION, the batch calls) answers it."""
        return shapes.cut(dict(permission, created_at=iso(permission["created"])), keys)

    # ------------------------------------------------------------------ lookup
    def _project(self, project_id):
        return self.accounts.default["project_id"] if project_id is None else project_id

    def _live(self, service_id, now, project_id=None):
        """The record of a service of this project that still exists (creating/available/failed/deleting) or 404."""
        record = self.services.get(service_id)
        if record is None or record["project_id"] != self._project(project_id):
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
        gone_endpoints = [eid for eid, record in self.endpoints.items() if connection_status(record, now) == "gone"]
        for eid in gone_endpoints:
            del self.endpoints[eid]
        if gone or gone_endpoints:
            self._save()

    def _connections_of(self, record, now):
        """The service's connections: fake ones (/_sim/connections) and the VPC endpoints connected to it."""
        endpoints = [e for e in self.endpoints.values()
                     if e["endpoint_service_id"] == record["id"] and connection_status(e, now) != "gone"]
        return record["connections"] + endpoints

    def _used_markers(self):
        return ({c["marker_id"] for s in self.services.values() for c in s["connections"]} |
                {e["marker_id"] for e in self.endpoints.values()})

    def _port_conflict(self, record_project, port_id, ports, own_id, now):
        """Services sharing a port_id may not repeat a server port nor a client port (with the protocol)."""
        if not self.config["strict_port_conflicts"]:
            return
        used = {}
        for record in self.services.values():
            if record["id"] == own_id or record["port_id"] != port_id or record["project_id"] != record_project:
                continue
            if self.status_of(record, now) in ("gone", "deleting"):
                continue
            for port in record["ports"]:
                used[("server_port", port["server_port"], port["protocol"])] = record["id"]
                used[("client_port", port["client_port"], port["protocol"])] = record["id"]
        for index, port in enumerate(ports):
            for key in ("server_port", "client_port"):
                other = used.get((key, port[key], port["protocol"]))
                if other:
                    raise bad("Invalid parameter ports[%d].%s: %s %d/%s of port_id %s is already used by endpoint service %s"
                              % (index, key, key.replace("_", " "), port[key], port["protocol"], port_id, other))

    # ------------------------------------------------------------------ endpoint services
    def _new_record(self, fields, now, delay, fail, account):
        self._service_seq += 1
        record = {
            "id": new_id(),
            "seq": self._service_seq,
            "project_id": account["project_id"],
            "domain_id": account["domain_id"],
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
            "enable_policy": fields.get("enable_policy", False),
            "supported_editions": [BASIC_EDITION],
            "server_resources": [],
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
            record["error"] = [error_entry("EndPoint.0001", message, sdk_names=True)]
        self._add_owner_permission(record, now)
        self.services[record["id"]] = record
        return record

    def create_service(self, fields, account=None):
        """Store a validated create body for the account; the service is 'creating' for provision_delay seconds."""
        account = account or self.accounts.default
        with self.lock:
            now = time.time()
            self._purge(now)
            used = sum(1 for record in self.services.values() if record["project_id"] == account["project_id"])
            if used >= self.config["quota"]:
                raise quota_exceeded("endpoint_service", self.config["quota"], used)
            self._port_conflict(account["project_id"], fields["port_id"], fields["ports"], None, now)
            fail = bool(self._fail_re and self._fail_re.search(fields.get("service_name", "")))
            record = self._new_record(fields, now, self.config["provision_delay"], fail, account)
            self._save()
            return self.to_api(record, self.status_of(record, now), now, shapes.SERVICE_CREATE)

    def show_service(self, service_id, project_id=None):
        """The service, or 404."""
        with self.lock:
            now = time.time()
            record, status = self._live(service_id, now, project_id)
            return self.to_api(record, status, now)

    def list_services(self, project_id=None, sort_key="create_at", sort_dir="desc", limit=10, offset=0, **filters):
        """(page, total_count) of the project's services.

        filters: name (case-insensitive substring of the full name), service_id, status,
        public_border_group (exact), net_type (compared with ip_version)."""
        with self.lock:
            now = time.time()
            self._purge(now)
            matched = [(record, self.status_of(record, now)) for record in self._sorted_services(project_id, sort_key, sort_dir)]
            matched = [(record, status) for record, status in matched if self._service_matches(record, status, filters)]
            page = matched[offset:offset + limit]
            return [self.to_api(record, status, now, shapes.SERVICE_LIST_ITEM) for record, status in page], len(matched)

    def _sorted_services(self, project_id, sort_key="create_at", sort_dir="desc"):
        project_id = self._project(project_id)
        records = [record for record in self.services.values() if record["project_id"] == project_id]
        field = "created" if sort_key == "create_at" else "updated"
        records.sort(key=lambda record: (record[field], record["seq"]), reverse=(sort_dir == "desc"))
        return records

    def _service_matches(self, record, status, filters):
        if filters.get("service_id") is not None and record["id"] != filters["service_id"]:
            return False
        if filters.get("status") is not None and status != filters["status"]:
            return False
        if filters.get("name") and filters["name"].lower() not in self.full_name(record).lower():
            return False
        if filters.get("public_border_group") is not None and filters["public_border_group"] != PUBLIC_BORDER_GROUP:
            return False
        # A guess: the SDK calls net_type the "backend type" and documents no values; ip_version is the closest field.
        return filters.get("net_type") is None or filters["net_type"] == record["ip_version"]

    def update_service(self, service_id, fields, project_id=None):
        """Apply a validated modify body; ports are replaced whole."""
        with self.lock:
            now = time.time()
            record, status = self._live(service_id, now, project_id)
            if status == "deleting":
                raise bad("Invalid parameter vpc_endpoint_service_id: endpoint service %s is being deleted" % service_id)
            if "ports" in fields or "port_id" in fields:
                self._port_conflict(record["project_id"], fields.get("port_id", record["port_id"]),
                                    fields.get("ports", record["ports"]), service_id, now)
            for key, value in fields.items():
                record[key] = value
            record["updated"] = now
            self._save()
            return self.to_api(record, status, now, shapes.SERVICE_UPDATE)

    def _available(self, service_id, now, project_id, call):
        record, status = self._live(service_id, now, project_id)
        if status != "available":
            # Not documented; the simulator's choice: these v2 calls act on a provisioned service only.
            raise bad("Invalid parameter vpc_endpoint_service_id: endpoint service %s is %s, not available; %s needs an "
                      "available service" % (service_id, status, call))
        return record

    def upgrade_service(self, service_id, project_id=None):
        """POST /v2/.../upgrade: the service supports professional endpoints from now on (a second call changes nothing)."""
        with self.lock:
            now = time.time()
            record = self._available(service_id, now, project_id, "an upgrade")
            editions = list(record.get("supported_editions") or [BASIC_EDITION])
            if PROFESSIONAL_EDITION not in editions:
                record.update(supported_editions=editions + [PROFESSIONAL_EDITION], updated=now)
                self._save()

    def add_server_resources(self, service_id, resources, project_id=None):
        """POST /v2/.../add-server-resources: add load balancers (and their AZs); one already added is kept once."""
        with self.lock:
            now = time.time()
            record = self._available(service_id, now, project_id, "adding server resources")
            stored = record.setdefault("server_resources", [])
            new = [r for r in resources if r not in stored]
            if len(stored) + len(new) > MAX_SERVER_RESOURCES:
                raise bad("Invalid parameter server_resources: at most %d per service" % MAX_SERVER_RESOURCES)
            if new:
                stored.extend(new)
                record["updated"] = now
                self._save()

    def delete_service(self, service_id, project_id=None):
        """Start the deletion: 'deleting' for provision_delay seconds, then gone (404)."""
        with self.lock:
            now = time.time()
            record, status = self._live(service_id, now, project_id)
            if status != "deleting":
                record["deleted_at"] = now
                record["gone_at"] = now + self.config["provision_delay"]
                record["updated"] = now
                self._orphan_endpoints(record, now)
                self._save()

    def _orphan_endpoints(self, record, now):
        """The VPC endpoints of a deleted service fail: their service is going away."""
        message = "The endpoint service %s was deleted" % record["id"]
        for endpoint in self._connections_of(record, now):
            if "endpoint_service_id" in endpoint and endpoint.get("deleted_at") is None:
                endpoint.update(status="failed", ready_at=None, updated=now,
                                error=[error_entry("EndPoint.0005", message)])

    def seed(self, count, name_prefix="svc", name=None, account=None):
        """count services that are 'available' at once (no validation, no quota); returns their ids.

        They are named <name_prefix><i> (i from 1), or all exactly name when it is given."""
        account = account or self.accounts.default
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
                ids.append(self._new_record(fields, now, 0.0, False, account)["id"])
            self._save()
            return ids

    # ------------------------------------------------------------------ tags
    def _tagged(self, resource_type, resource_id, now, project_id):
        if resource_type == "endpoint":
            return self._own_endpoint(resource_id, now, project_id)[0]
        return self._live(resource_id, now, project_id)[0]

    def tag_action(self, resource_type, resource_id, action, tags, max_tags, project_id=None):
        """create: upsert by key; delete: by key, and only when the value matches if one is given."""
        with self.lock:
            now = time.time()
            record = self._tagged(resource_type, resource_id, now, project_id)
            current = {tag["key"]: tag["value"] for tag in record["tags"]}
            if action == "create":
                for tag in tags:
                    current[tag["key"]] = tag["value"]
                if len(current) > max_tags:
                    raise bad("Invalid parameter tags: a resource can carry at most %d tags, this would make %d"
                              % (max_tags, len(current)))
            else:
                for tag in tags:
                    if "value" not in tag or current.get(tag["key"]) == tag["value"]:
                        current.pop(tag["key"], None)
            record["tags"] = [{"key": key, "value": value} for key, value in current.items()]
            self._save()

    # ------------------------------------------------------------------ connections
    def add_connection(self, service_id, domain_id=None, status="pendingAcceptance", description="", project_id=None):
        """A consumer endpoint from another domain connecting to the service (for /_sim/connections)."""
        with self.lock:
            now = time.time()
            record, _status = self._live(service_id, now, project_id)
            # The status is kept as given: a test that asks for 'creating' or 'deleting' gets one that stays so.
            connection = {
                "id": new_id(),
                "marker_id": new_marker(self._used_markers()),
                "domain_id": domain_id or new_id().replace("-", ""),
                "status": status,
                "ready_at": None,
                "description": description,
                "created": now,
                "updated": now,
                "seq": self._next_connection_seq(),
            }
            record["connections"].append(connection)
            self._save()
            return self.connection_to_api(connection, now)

    def list_connections(self, service_id, connection_id=None, marker_id=None, status=None,
                         sort_key="create_at", sort_dir="desc", limit=10, offset=0, project_id=None):
        """(page, total_count) of the service's connections."""
        with self.lock:
            now = time.time()
            record, _status = self._live(service_id, now, project_id)
            items = [
                c for c in self._connections_of(record, now)
                if (connection_id is None or c["id"] == connection_id)
                and (marker_id is None or c["marker_id"] == marker_id)
                and (status is None or connection_status(c, now) == status)
            ]
            field = "created" if sort_key == "create_at" else "updated"
            items.sort(key=lambda c: (c[field], c["seq"]), reverse=(sort_dir == "desc"))
            return [self.connection_to_api(c, now) for c in items[offset:offset + limit]], len(items)

    def _connections_by_id(self, record, endpoint_ids, field, now):
        """The service's connections for these ids, in order; an unknown id is a 400 naming it (nothing changed)."""
        by_id = {c["id"]: c for c in self._connections_of(record, now)}
        for index, endpoint_id in enumerate(endpoint_ids):
            # The path's service exists, so an unknown endpoint id is a bad body parameter:
            # 400 EndPoint.0002 naming it (not 404, which a client would read as "service gone").
            if endpoint_id not in by_id:
                raise bad("Invalid parameter %s: VPC endpoint %s is not connected to endpoint service %s"
                          % (field % index, endpoint_id, record["id"]))
        return [by_id[endpoint_id] for endpoint_id in endpoint_ids]

    def connection_action(self, service_id, action, endpoint_ids, project_id=None):
        """receive -> accepted ('creating' for connection_delay first), reject -> rejected; the ids must be connections of this service."""
        with self.lock:
            now = time.time()
            record, _status = self._live(service_id, now, project_id)
            connections = self._connections_by_id(record, endpoint_ids, "endpoints[%d]", now)
            for index, connection in enumerate(connections):
                status = connection_status(connection, now)
                if status not in ACTIONABLE_CONNECTION_STATUSES:
                    raise bad("Invalid parameter endpoints[%d]: VPC endpoint %s is %s and cannot be accepted or rejected"
                              % (index, connection["id"], status))
            new_status = "accepted" if action == "receive" else "rejected"
            for connection in connections:
                if connection["status"] != new_status:
                    connection["updated"] = now
                    delay = self.config["connection_delay"]
                    connection["ready_at"] = now + delay if new_status == "accepted" and delay else None
                    connection["status"] = new_status
            self._save()
            return [self.connection_to_api(connection, now) for connection in connections]

    def update_connection_descriptions(self, service_id, items, project_id=None):
        """Set the description of each listed connection (all ids must be connections of this service); returns them."""
        with self.lock:
            now = time.time()
            record, _status = self._live(service_id, now, project_id)
            connections = self._connections_by_id(record, [item["id"] for item in items], "connections[%d].id", now)
            for connection, item in zip(connections, items):
                key = _note_key(connection)
                if connection[key] != item["description"]:
                    connection[key] = item["description"]
                    connection["updated"] = now
            self._save()
            return [self.connection_to_api(connection, now) for connection in connections]
