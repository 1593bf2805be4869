# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A service's whitelist as records: id, permission, permission_type, description, created.

A mixin of state.State. Every service gets, at creation, an implicit record of its owner's own
domain ("your account is in the whitelist of your own VPC endpoint service by default"); it is
listed only when the config switch list_owner_permission is on, and once removed it stays removed.
"""

import time

from . import shapes
from .records import new_id, not_found
from .validation import bad


def _next_seq(items):
    return max([item["seq"] for item in items] or [0]) + 1


class PermissionStore:
    """Whitelist records of endpoint services; mixed into state.State."""

    def _visible_permissions(self, record):
        show_owner = self.config["list_owner_permission"]
        return [p for p in record["permissions"] if show_owner or not p.get("implicit")]

    @staticmethod
    def _add_permission(record, value, permission_type, description, now, implicit=False):
        entry = {"id": new_id(), "permission": value, "permission_type": permission_type, "description": description,
                 "created": now, "seq": _next_seq(record["permissions"]), "implicit": implicit}
        record["permissions"].append(entry)
        return entry

    def _add_owner_permission(self, record, now):
        self._add_permission(record, "iam:domain::%s" % record["domain_id"], "domainId", "", now, implicit=True)

    def _keep_or_add(self, record, value, permission_type, description, now):
        """The visible record of this permission, made visible or added when there is none."""
        for entry in record["permissions"]:
            if entry["permission"] == value:
                # An owner record hidden by list_owner_permission=false becomes an ordinary one once added explicitly.
                entry["implicit"] = entry["implicit"] and self.config["list_owner_permission"]
                return entry
        return self._add_permission(record, value, permission_type, description, now)

    def list_permissions(self, service_id, permission=None, sort_dir="desc", limit=10, offset=0, project_id=None):
        """(page, total_count) of the whitelist; permission filters by case-insensitive substring."""
        with self.lock:
            record, _status = self._live(service_id, time.time(), project_id)
            items = self._visible_permissions(record)
            if permission:
                items = [p for p in items if permission.lower() in p["permission"].lower()]
            items = sorted(items, key=lambda p: (p["created"], p["seq"]), reverse=(sort_dir == "desc"))
            keys = shapes.EPS_PERMISSION if self.config["list_permission_descriptions"] else shapes.PERMISSION_LIST_ITEM
            return [self.permission_to_api(p, keys) for p in items[offset:offset + limit]], len(items)

    def permission_action(self, service_id, action, permission_type, permissions, project_id=None):
        """add (existing entries are kept as they are) or remove (absent entries are ignored); returns the whitelist."""
        with self.lock:
            now = time.time()
            record, _status = self._live(service_id, now, project_id)
            if action == "add":
                for value in permissions:
                    self._keep_or_add(record, value, permission_type, "", now)
            else:
                remove = {p["id"] for p in self._visible_permissions(record) if p["permission"] in set(permissions)}
                record["permissions"] = [p for p in record["permissions"] if p["id"] not in remove]
            self._save()
            return [p["permission"] for p in self._visible_permissions(record)]

    def batch_create_permissions(self, service_id, permission_type, items, project_id=None):
        """Add each {permission, description}; one that exists is kept with its description. Returns the records."""
        with self.lock:
            now = time.time()
            record, _status = self._live(service_id, now, project_id)
            entries = [self._keep_or_add(record, item["permission"], permission_type, item["description"], now) for item in items]
            self._save()
            return [self.permission_to_api(entry, shapes.EPS_PERMISSION) for entry in entries]

    def batch_delete_permissions(self, service_id, ids, project_id=None):
        """Remove the records of these ids (all must exist, else nothing is removed); returns them."""
        with self.lock:
            now = time.time()
            record, _status = self._live(service_id, now, project_id)
            by_id = {p["id"]: p for p in self._visible_permissions(record)}
            for index, permission_id in enumerate(ids):
                if permission_id not in by_id:
                    raise bad("Invalid parameter permissions[%d].id: endpoint service %s has no permission record %s"
                              % (index, service_id, permission_id))
            record["permissions"] = [p for p in record["permissions"] if p["id"] not in set(ids)]
            self._save()
            return [self.permission_to_api(by_id[permission_id], shapes.EPS_PERMISSION) for permission_id in ids]

    def update_permission_description(self, service_id, permission_id, description, project_id=None):
        """Set one record's description; returns it."""
        with self.lock:
            now = time.time()
            record, _status = self._live(service_id, now, project_id)
            entry = next((p for p in self._visible_permissions(record) if p["id"] == permission_id), None)
            if entry is None:
                raise not_found("permission", permission_id)
            entry["description"] = description
            self._save()
            return [self.permission_to_api(entry, shapes.EPS_PERMISSION)]
