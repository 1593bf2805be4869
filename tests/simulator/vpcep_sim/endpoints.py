# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The consumer's side: VPC endpoints, the cloud's public services, describe, quotas, tag filtering.

A mixin of state.State. A VPC endpoint belongs to the project that created it; the owner of its
endpoint service sees the same record as a connection of the service (services.py), so its status
is one value for both sides. Endpoint status: 'creating' until ready_at, then 'pendingAcceptance'
(the service wants approval), 'accepted' or 'failed'; 'deleting' until gone_at.
"""

import calendar
import copy
import ipaddress
import time
import uuid

from . import shapes, tagquery
from .defaults import (BASIC_EDITION, DNS_SUFFIX, ENDPOINT_IPV6_SUBNET, ENDPOINT_SUBNET, FULL_ACCESS_POLICY,
                       PROFESSIONAL_EDITION, PUBLIC_BORDER_GROUP, SPECIFICATION_NAME)
from .records import connection_status, error_entry, iso, new_id, new_marker, not_found, quota_exceeded, settled_updated
from .validation import ApiError, bad

# The cloud's own services every account may connect to: (stable id, name after the region, type, enable_policy, is_charge).
PUBLIC_SERVICES = (
    ("8a5a0d4e-7c1b-4f0e-9a53-0b9b6c1f0001", "com.myhuaweicloud.v4.obsv2", "gateway", True, False),
    ("8a5a0d4e-7c1b-4f0e-9a53-0b9b6c1f0002", "com.myhuaweicloud.v4.dns", "interface", False, False),
    ("8a5a0d4e-7c1b-4f0e-9a53-0b9b6c1f0003", "com.myhuaweicloud.v4.swr", "interface", False, True),
    ("8a5a0d4e-7c1b-4f0e-9a53-0b9b6c1f0004", "com.myhuaweicloud.v4.apig", "interface", True, True),
)
PUBLIC_OWNER = "huaweicloud"
PUBLIC_CREATED = calendar.timegm((2023, 1, 1, 0, 0, 0))
ROUTETABLE_NAMESPACE = uuid.UUID("5f0b6a2e-4c1d-4e8f-9b3a-7d2c1e0f9a8b")


def _policy_field(service):
    """The policy field an endpoint of this service takes, or None: the SDK's models say policy_statement only for the
    OBS and SFS services (gateway services) with enable_policy, policy_document only for the other services with
    enable_policy (the Terraform provider: policy_statement is the gateway endpoint's, policy_document the interface
    endpoint's)."""
    if not service["enable_policy"]:
        return None
    return "policy_statement" if service["service_type"] == "gateway" else "policy_document"


def _default_policy(field):
    """(policy_statement, policy_document) of an endpoint without a policy of its own."""
    return [], (copy.deepcopy(FULL_ACCESS_POLICY) if field == "policy_document" else None)


class EndpointStore:
    """VPC endpoints and the consumer's view of services; mixed into state.State."""

    # ------------------------------------------------------------------ services as a consumer sees them
    def _public_services(self):
        return {sid: {"id": sid, "public": True, "short": short, "service_type": kind, "enable_policy": policy,
                      "is_charge": charge, "approval_enabled": False, "ip_version": "ipv4", "created": PUBLIC_CREATED,
                      "service_name": short.rsplit(".", 1)[-1], "supported_editions": [BASIC_EDITION]}
                for sid, short, kind, policy, charge in PUBLIC_SERVICES}

    def _service_full_name(self, service):
        return "%s.%s" % (self.region, service["short"]) if service.get("public") else self.full_name(service)

    def _may_connect(self, service, account):
        """Own service, the account's domain or '*' in the whitelist, or a public service."""
        if service.get("public") or service["project_id"] == account["project_id"]:
            return True
        wanted = ("*", "iam:domain::%s" % account["domain_id"])
        return any(p["permission"] in wanted for p in service["permissions"])

    def _any_service(self, service_id, now):
        """A public service or any project's service that is not gone, or None."""
        if service_id in self.public_services:
            return self.public_services[service_id]
        record = self.services.get(service_id)
        if record is None or self.status_of(record, now) == "gone":
            return None
        return record

    def _connectable_service(self, service_id, account, now):
        service = self._any_service(service_id, now)
        if service is None:
            raise bad("Invalid parameter endpoint_service_id: endpoint service %s does not exist" % service_id)
        if not self._may_connect(service, account):
            raise ApiError(403, "EndPoint.0004", "Permission denied: the account %s (domain %s) is not in the whitelist of "
                           "endpoint service %s" % (account["name"], account["domain_id"], service_id))
        status = "available" if service.get("public") else self.status_of(service, now)
        if status != "available":
            raise bad("Invalid parameter endpoint_service_id: endpoint service %s is %s, not available" % (service_id, status))
        return service

    # ------------------------------------------------------------------ endpoint records and shapes
    def endpoint_view(self, endpoint, now):
        """Every field any endpoint answer carries; each call cuts it to its own shape (shapes.py)."""
        status = connection_status(endpoint, now)
        service = self._any_service(endpoint["endpoint_service_id"], now)
        view = {key: copy.deepcopy(endpoint[key]) for key in (
            "id", "service_type", "marker_id", "endpoint_service_id", "enable_dns", "dns_names", "ip", "vpc_id",
            "subnet_id", "project_id", "tags", "whitelist", "enable_whitelist", "routetables", "description",
            "policy_statement", "policy_document", "endpoint_pool_id", "ipv6_address")}
        view.update({
            "status": status,
            "active_status": ["active"],
            "enable_status": "enable",
            "specification_name": SPECIFICATION_NAME,
            "public_border_group": PUBLIC_BORDER_GROUP,
            "endpoint_service_name": self._service_full_name(service) if service else endpoint["service_name"],
            "created_at": iso(endpoint["created"]),
            "updated_at": iso(settled_updated(endpoint, now)),
            "error": copy.deepcopy(endpoint["error"]) if status == "failed" and endpoint["error"] else None,
        })
        return view

    def inspect_endpoints(self, vpc_id=None):
        """Every stored VPC endpoint that is not gone, oldest first, for tests (of every account)."""
        with self.lock:
            now = time.time()
            found = []
            for record in sorted(self.endpoints.values(), key=lambda r: r["seq"]):
                status = connection_status(record, now)
                if status == "gone" or (vpc_id is not None and record["vpc_id"] != vpc_id):
                    continue
                found.append(dict({key: copy.deepcopy(record[key]) for key in (
                    "id", "project_id", "endpoint_service_id", "vpc_id", "subnet_id", "description", "whitelist",
                    "enable_whitelist", "tags")}, status=status, created_at=iso(record["created"]),
                    updated_at=iso(record["updated"])))
            return found

    def _own_endpoint(self, endpoint_id, now, project_id):
        """The record of an endpoint of this project that still exists, and its status; or 404."""
        record = self.endpoints.get(endpoint_id)
        if record is None or record["project_id"] != self._project(project_id):
            raise not_found("VPC endpoint", endpoint_id)
        status = connection_status(record, now)
        if status == "gone":
            del self.endpoints[endpoint_id]
            raise not_found("VPC endpoint", endpoint_id)
        return record, status

    def _changeable_endpoint(self, endpoint_id, now, project_id):
        record, status = self._own_endpoint(endpoint_id, now, project_id)
        if status == "deleting":
            raise bad("Invalid parameter vpc_endpoint_id: VPC endpoint %s is being deleted" % endpoint_id)
        return record

    def _free_ip(self, subnet_id, wanted):
        used = {e["ip"] for e in self.endpoints.values() if e["subnet_id"] == subnet_id and e["deleted_at"] is None}
        if wanted is not None:
            if wanted in used:
                raise bad("Invalid parameter port_ip: %s is already used in subnet %s" % (wanted, subnet_id))
            return wanted
        # The fake subnet's first hosts are the gateway's and the cloud's; endpoints start at .10.
        for host in ipaddress.ip_network(ENDPOINT_SUBNET).hosts():
            if (int(host) & 0xff) >= 10 and str(host) not in used:
                return str(host)
        raise bad("Invalid parameter subnet_id: no free address left in subnet %s" % subnet_id)

    def _free_ipv6(self, wanted):
        if wanted is not None:
            return wanted
        used = {e["ipv6_address"] for e in self.endpoints.values() if e["ipv6_address"]}
        for host in ipaddress.ip_network(ENDPOINT_IPV6_SUBNET).hosts():
            if (int(host) & 0xffff) >= 16 and str(host) not in used:
                return str(host)
        raise bad("Invalid parameter ipv6_address: no free address left")

    def _dns_names(self, service, enabled):
        # The real names are <id>.<service>.<region>.<cloud domain>; only their form matters to clients.
        if not enabled or service["service_type"] != "interface":
            return []
        label = (service["service_name"] or service["id"][:8]).lower().replace("_", "-")
        return ["%s.%s.%s.%s" % (uuid.uuid4().hex[:8], label, self.region, DNS_SUFFIX)]

    def _first_status(self, fields, service):
        """(status after provisioning, error list): failed by endpoint_fail_pattern, else by approval."""
        if self._endpoint_fail_re and self._endpoint_fail_re.search(fields.get("description", "")):
            message = "Failed to create the VPC endpoint in VPC %s (simulated failure)" % fields["vpc_id"]
            return "failed", [error_entry("EndPoint.0001", message)]
        return ("pendingAcceptance" if service["approval_enabled"] else "accepted"), []

    def _new_endpoint(self, fields, service, account, now):
        interface = service["service_type"] == "interface"
        status, error = self._first_status(fields, service)
        ipv6 = fields.get("ip_version", "ipv4") != "ipv4"
        statement, document = _default_policy(_policy_field(service))
        record = {
            "id": new_id(), "seq": self._next_connection_seq(), "project_id": account["project_id"],
            "domain_id": account["domain_id"], "endpoint_service_id": service["id"],
            "service_name": self._service_full_name(service), "service_type": service["service_type"],
            "service_enable_policy": service["enable_policy"], "vpc_id": fields["vpc_id"],
            "subnet_id": fields.get("subnet_id"),
            "ip": self._free_ip(fields.get("subnet_id"), fields.get("port_ip")) if interface else None,
            "ip_version": fields.get("ip_version", "ipv4"),
            "ipv6_address": self._free_ipv6(fields.get("ipv6_address")) if ipv6 else None,
            # The SDK: a gateway endpoint gets no domain name whatever enable_dns says; it reads false.
            "enable_dns": fields.get("enable_dns", False) if interface else False,
            "dns_names": self._dns_names(service, fields.get("enable_dns", False)),
            "routetables": fields.get("routetables") or ([] if interface else [self._default_routetable(fields["vpc_id"])]),
            "whitelist": fields.get("whitelist", []), "enable_whitelist": fields.get("enable_whitelist", False),
            "description": fields.get("description", ""), "note": "", "tags": fields.get("tags", []),
            "policy_statement": fields.get("policy_statement", statement),
            "policy_document": fields.get("policy_document", document),
            "endpoint_pool_id": new_id(), "marker_id": new_marker(self._used_markers()),
            "status": status, "error": error, "created": now, "updated": now,
            "ready_at": now + self.config["provision_delay"], "deleted_at": None, "gone_at": None,
        }
        self.endpoints[record["id"]] = record
        return record

    @staticmethod
    def _default_routetable(vpc_id):
        # The SDK: without routetables a gateway endpoint takes the VPC's default route table.
        return str(uuid.uuid5(ROUTETABLE_NAMESPACE, vpc_id))

    # ------------------------------------------------------------------ endpoint calls
    def create_endpoint(self, fields, account=None):
        """Store a validated create body; the endpoint is 'creating' for provision_delay seconds."""
        account = account or self.accounts.default
        with self.lock:
            now = time.time()
            self._purge(now)
            service = self._connectable_service(fields["endpoint_service_id"], account, now)
            _check_against_service(fields, service)
            used = sum(1 for e in self.endpoints.values() if e["project_id"] == account["project_id"])
            if used >= self.config["endpoint_quota"]:
                raise quota_exceeded("endpoint", self.config["endpoint_quota"], used)
            record = self._new_endpoint(fields, service, account, now)
            self._save()
            return shapes.cut(self.endpoint_view(record, now), shapes.ENDPOINT_CREATE)

    def show_endpoint(self, endpoint_id, project_id=None):
        """The endpoint, or 404."""
        with self.lock:
            now = time.time()
            record, _status = self._own_endpoint(endpoint_id, now, project_id)
            return shapes.cut(self.endpoint_view(record, now), shapes.ENDPOINT_SHOW)

    def _sorted_endpoints(self, project_id, sort_key="create_at", sort_dir="desc"):
        project_id = self._project(project_id)
        records = [e for e in self.endpoints.values() if e["project_id"] == project_id]
        field = "created" if sort_key == "create_at" else "updated"
        records.sort(key=lambda e: (e[field], e["seq"]), reverse=(sort_dir == "desc"))
        return records

    def list_endpoints(self, project_id=None, name=None, vpc_id=None, endpoint_id=None, sort_key="create_at",
                       sort_dir="desc", limit=10, offset=0):
        """(page, total_count) of the project's endpoints; name is a case-insensitive substring of the service's full name."""
        with self.lock:
            now = time.time()
            self._purge(now)
            views = [self.endpoint_view(e, now) for e in self._sorted_endpoints(project_id, sort_key, sort_dir)]
            views = [v for v in views
                     if (not name or name.lower() in v["endpoint_service_name"].lower())
                     and (vpc_id is None or v["vpc_id"] == vpc_id) and (endpoint_id is None or v["id"] == endpoint_id)]
            return [shapes.cut(v, shapes.ENDPOINT_LIST_ITEM) for v in views[offset:offset + limit]], len(views)

    def update_endpoint_whitelist(self, endpoint_id, fields, project_id=None):
        """Replace the whitelist and/or enable_whitelist (interface endpoints)."""
        with self.lock:
            now = time.time()
            record = self._changeable_endpoint(endpoint_id, now, project_id)
            if record["service_type"] != "interface":
                raise bad("Invalid parameter whitelist: only endpoints of interface services have a whitelist")
            record.update(fields, updated=now)
            self._save()
            return shapes.cut(self.endpoint_view(record, now), shapes.ENDPOINT_WHITELIST)

    def update_endpoint_routetables(self, endpoint_id, routetables, project_id=None):
        """Replace the route tables of a gateway endpoint. A table matching the routetable_fail_pattern switch fails to
        bind (when added) or to unbind (when removed), as the API reports it: the call succeeds, the answer's error
        lists it, and the endpoint keeps the tables it really has."""
        with self.lock:
            now = time.time()
            record = self._changeable_endpoint(endpoint_id, now, project_id)
            if record["service_type"] != "gateway":
                raise bad("Invalid parameter routetables: only endpoints of gateway services have route tables")
            failing = self._routetable_fail_re
            current = list(record["routetables"])
            bind_failed = [t for t in routetables if t not in current and failing and failing.search(t)]
            unbind_failed = [t for t in current if t not in routetables and failing and failing.search(t)]
            kept = [t for t in routetables if t not in bind_failed] + unbind_failed
            record.update(routetables=kept, updated=now)
            self._save()
            error = None
            if bind_failed or unbind_failed:
                error = [{"bind_failed": [_routetable_error(t, "bind") for t in bind_failed],
                          "unbind_failed": [_routetable_error(t, "unbind") for t in unbind_failed]}]
            return shapes.cut({"routetables": kept, "error": error}, shapes.ENDPOINT_ROUTETABLES)

    def update_endpoint_policy(self, endpoint_id, fields, project_id=None):
        """Set the policy its service takes (policy_statement or policy_document); {} (DELETE) puts the default back."""
        with self.lock:
            now = time.time()
            record = self._changeable_endpoint(endpoint_id, now, project_id)
            field = _policy_field({"service_type": record["service_type"], "enable_policy": record["service_enable_policy"]})
            if field is None:
                raise bad("Invalid parameter policy: endpoint service %s takes no endpoint policy (enable_policy is false)"
                          % record["endpoint_service_id"])
            for given in fields:
                if given != field:
                    raise bad("Invalid parameter %s: endpoint service %s takes %s" % (given, record["endpoint_service_id"], field))
            statement, document = _default_policy(field)
            record.update(policy_statement=fields.get("policy_statement", statement),
                          policy_document=fields.get("policy_document", document), updated=now)
            self._save()
            return shapes.cut(self.endpoint_view(record, now), shapes.ENDPOINT_POLICY)

    def delete_endpoint(self, endpoint_id, project_id=None):
        """Start the deletion: 'deleting' for provision_delay seconds, then gone (404); a second delete changes nothing."""
        with self.lock:
            now = time.time()
            record, status = self._own_endpoint(endpoint_id, now, project_id)
            if status != "deleting":
                record.update(deleted_at=now, gone_at=now + self.config["provision_delay"], updated=now)
                self._save()

    # ------------------------------------------------------------------ describe, public services, quotas
    def describe_service(self, account, name=None, service_id=None):
        """Any service the account may connect to, by id or by exact full name; 404 otherwise."""
        with self.lock:
            now = time.time()
            candidates = list(self.public_services.values()) + [
                r for r in self.services.values() if self.status_of(r, now) != "gone"]
            for service in candidates:
                if (service_id is None or service["id"] == service_id) and \
                        (name is None or self._service_full_name(service) == name) and self._may_connect(service, account):
                    return shapes.cut(self._describe_view(service), shapes.SERVICE_DESCRIBE)
            raise not_found("endpoint service", service_id if service_id is not None else name)

    def _describe_view(self, service):
        return {
            "id": service["id"], "service_name": self._service_full_name(service), "service_type": service["service_type"],
            "created_at": iso(service["created"]), "is_charge": service.get("is_charge", False),
            "public_border_group": PUBLIC_BORDER_GROUP, "enable_policy": service["enable_policy"],
            "owner": PUBLIC_OWNER if service.get("public") else service["domain_id"],
        }

    def list_public_services(self, name=None, service_id=None, sort_dir="desc", limit=10, offset=0):
        """(page, total_count) of the public services (they never change, so create_at and update_at sort alike)."""
        with self.lock:
            items = sorted(self.public_services.values(), key=lambda s: s["id"], reverse=(sort_dir == "desc"))
            items = [s for s in items if (service_id is None or s["id"] == service_id)
                     and (not name or name.lower() in self._service_full_name(s).lower())]
            return [shapes.cut(self._describe_view(s), shapes.PUBLIC_SERVICE) for s in items[offset:offset + limit]], len(items)

    def quotas(self, project_id=None):
        """Used and quota per resource type, counted in the project."""
        project_id = self._project(project_id)
        with self.lock:
            self._purge(time.time())
            return {
                "endpoint_service": (sum(1 for r in self.services.values() if r["project_id"] == project_id), self.config["quota"]),
                "endpoint": (sum(1 for e in self.endpoints.values() if e["project_id"] == project_id), self.config["endpoint_quota"]),
            }

    # ------------------------------------------------------------------ tag filtering
    def resource_instances(self, resource_type, query, project_id=None):
        """(page, total_count) of the project's services or endpoints matching a tag query, newest first."""
        with self.lock:
            self._purge(time.time())
            if resource_type == "endpoint_service":
                resources = [(r["id"], self.full_name(r), r["tags"]) for r in self._sorted_services(project_id)]
            else:
                # Endpoints have no name; the simulator gives the id as their resource_name.
                resources = [(e["id"], e["id"], e["tags"]) for e in self._sorted_endpoints(project_id)]
            matched = [shapes.cut({"resource_id": rid, "resource_name": name, "tags": copy.deepcopy(tags)},
                                  shapes.RESOURCE_INSTANCE)
                       for rid, name, tags in resources if tagquery.matches(query, name, tags)]
            return matched[query["offset"]:query["offset"] + query["limit"]], len(matched)

    def project_tags(self, resource_type, project_id=None):
        """Every tag key of the project's services (or endpoints) with all its values, keys and values sorted."""
        with self.lock:
            self._purge(time.time())
            if resource_type == "endpoint_service":
                records = self._sorted_services(project_id)
            else:
                records = self._sorted_endpoints(project_id)
            values = {}
            for record in records:
                for tag in record["tags"]:
                    values.setdefault(tag["key"], set()).add(tag.get("value", ""))
            return [shapes.cut({"key": key, "values": sorted(values[key])}, shapes.TAG_VALUES)
                    for key in sorted(values)]


def _routetable_error(table, action):
    return {"id": table, "error_message": "Failed to %s route table %s (simulated failure)" % (action, table)}


def _check_against_service(fields, service):
    """The create body's fields that depend on the service's type (validation.py checked their form)."""
    interface = service["service_type"] == "interface"
    if interface and "subnet_id" not in fields:
        raise bad("Invalid parameter subnet_id: is required for an endpoint of an interface service")
    only = {"routetables": not interface, "port_ip": interface, "whitelist": interface,
            "enable_whitelist": interface or not fields.get("enable_whitelist")}
    for key, allowed in only.items():
        if key in fields and not allowed:
            raise bad("Invalid parameter %s: not for an endpoint of a%s %s service"
                      % (key, "n" if service["service_type"] == "interface" else "", service["service_type"]))
    field = _policy_field(service)
    for key in ("policy_statement", "policy_document"):
        if key in fields and field != key:
            raise bad("Invalid parameter %s: endpoint service %s takes %s" % (
                key, service["id"], field or "no endpoint policy (enable_policy is false)"))
    professional = PROFESSIONAL_EDITION in (service.get("supported_editions") or [BASIC_EDITION])
    for key in ("ip_version", "ipv6_address"):
        # The SDK: "only professional endpoints support this parameter".
        if key in fields and not professional:
            raise bad("Invalid parameter %s: only professional VPC endpoints take it, and endpoint service %s does not "
                      "support them (supported_editions %s)" % (key, service["id"], ", ".join(service["supported_editions"])))
