# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Small helpers shared by the stores: times, ids, errors, and the status of a connection."""

import random
import time
import uuid

from .validation import ApiError

SERVICE_STATUSES = ("creating", "available", "failed", "deleting")
CONNECTION_STATUSES = ("pendingAcceptance", "accepted", "rejected", "creating", "failed", "deleting")
# Statuses a receive or reject may start from; the others are the cloud's own work in progress or an end.
ACTIONABLE_CONNECTION_STATUSES = ("pendingAcceptance", "accepted", "rejected")


def iso(timestamp):
    """UTC time as the API writes it: YYYY-MM-DDTHH:MM:SSZ."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(timestamp))


def new_id():
    """A resource id in the API's uuid form."""
    return str(uuid.uuid4())


def not_found(what, ident):
    """The API's 404 for an unknown resource."""
    return ApiError(404, "EndPoint.0005", "The requested resource does not exist: %s %s" % (what, ident))


def quota_exceeded(kind, quota, used):
    """The refusal of a create beyond the project's quota (the code is the simulator's choice)."""
    return ApiError(400, "EndPoint.0012", "Quota exceeded: the %s quota of this project is %d and %d are in use"
                    % (kind, quota, used))


def connection_status(connection, now):
    """The status a reader sees now of a connection or VPC endpoint.

    'deleting' until gone_at ('gone' after), 'creating' until ready_at (provisioning, or an accept
    with a connection delay), else the stored status.
    """
    if connection.get("deleted_at") is not None:
        return "gone" if now >= connection["gone_at"] else "deleting"
    ready_at = connection.get("ready_at")
    if ready_at is not None and now < ready_at:
        return "creating"
    return connection["status"]


def settled_updated(connection, now):
    """updated_at as a reader sees it: a finished 'creating' period counts as an update."""
    updated = connection["updated"]
    ready_at = connection.get("ready_at")
    if ready_at is not None and now >= ready_at and connection.get("deleted_at") is None:
        updated = max(updated, ready_at)
    return updated


def new_marker(used):
    """A marker id (an int, as the API gives) not in used."""
    marker = random.randint(100000000, 2 ** 31 - 1)
    while marker in used:
        marker = random.randint(100000000, 2 ** 31 - 1)
    return marker


def error_entry(code, message, sdk_names=False):
    """One entry of an error list: QueryError (error_code/error_message), plus the SDK Error model's code/message for services."""
    entry = {"error_code": code, "error_message": message}
    if sdk_names:
        entry.update(code=code, message=message)
    return entry
