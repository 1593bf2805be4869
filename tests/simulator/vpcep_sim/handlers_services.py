# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Handlers of the provider's calls: endpoint services, their permissions and connections.

A mixin of api.Api; each handler reads the request (already authenticated and scoped to the
caller's project) and answers from self.state.
"""

import re

from . import validation
from .defaults import LIST_MAX_LIMIT, PERMISSIONS_MAX_LIMIT
from .protocol import Response, paging, sorting
from .records import CONNECTION_STATUSES, SERVICE_STATUSES
from .validation import ApiError


def _status_param(request, statuses):
    status = request.param("status")
    if status is not None and status not in statuses:
        raise ApiError(400, "EndPoint.0019", "Invalid status: must be one of %s, got '%s'" % (", ".join(statuses), status))
    return status


class ServiceHandlers:
    """Endpoint services, permissions, connections."""

    # ------------------------------------------------------------------ endpoint services
    def create_service(self, request):
        """POST .../vpc-endpoint-services."""
        fields = validation.validate_create(request.json())
        return Response(200, self.state.create_service(fields, request.account))

    def upgrade_service(self, request):
        """POST /v2/{project_id}/vpc-endpoint-services/{id}/upgrade (no body): 204."""
        self.state.upgrade_service(request.match["service_id"], request.project_id)
        return Response(204)

    def add_server_resources(self, request):
        """POST /v2/{project_id}/vpc-endpoint-services/{id}/add-server-resources {server_resources}: 204."""
        resources = validation.validate_server_resources(request.json())
        self.state.add_server_resources(request.match["service_id"], resources, request.project_id)
        return Response(204)

    def show_service(self, request):
        """GET .../vpc-endpoint-services/{id}."""
        return Response(200, self.state.show_service(request.match["service_id"], request.project_id))

    def list_services(self, request):
        """GET .../vpc-endpoint-services with filters, sorting and paging."""
        limit, offset = paging(request, LIST_MAX_LIMIT)
        sort_key, sort_dir = sorting(request)
        page, total = self.state.list_services(
            request.project_id, sort_key=sort_key, sort_dir=sort_dir, limit=limit, offset=offset,
            name=request.param("endpoint_service_name"), service_id=request.param("id"),
            status=_status_param(request, SERVICE_STATUSES), public_border_group=request.param("public_border_group"),
            net_type=request.param("net_type"),
        )
        return Response(200, {"endpoint_services": page, "total_count": total})

    def update_service(self, request):
        """PUT .../vpc-endpoint-services/{id}: only the PUT page's fields; ports replaced whole."""
        fields = validation.validate_update(request.json())
        return Response(200, self.state.update_service(request.match["service_id"], fields, request.project_id))

    def delete_service(self, request):
        """DELETE .../vpc-endpoint-services/{id}: 204, then 'deleting' for the provision delay."""
        self.state.delete_service(request.match["service_id"], request.project_id)
        return Response(204)

    # ------------------------------------------------------------------ permissions
    def list_permissions(self, request):
        """GET .../permissions (limit at most 500)."""
        limit, offset = paging(request, PERMISSIONS_MAX_LIMIT)
        _sort_key, sort_dir = sorting(request)
        page, total = self.state.list_permissions(request.match["service_id"], permission=request.param("permission"),
                                                  sort_dir=sort_dir, limit=limit, offset=offset, project_id=request.project_id)
        return Response(200, {"permissions": page, "total_count": total})

    def permission_action(self, request):
        """POST .../permissions/action {permissions, permission_type, action: add|remove}."""
        action, permission_type, permissions = validation.validate_permission_action(request.json())
        current = self.state.permission_action(request.match["service_id"], action, permission_type, permissions,
                                               request.project_id)
        return Response(200, {"permissions": current, "permission_type": permission_type})

    def permissions_batch_create(self, request):
        """POST .../permissions/batch-create {permissions: [{permission, description}], permission_type}."""
        permission_type, items = validation.validate_permission_batch_create(request.json())
        records = self.state.batch_create_permissions(request.match["service_id"], permission_type, items, request.project_id)
        return Response(200, {"permissions": records})

    def permissions_batch_delete(self, request):
        """POST .../permissions/batch-delete {permissions: [{id}]}: the records removed."""
        ids = validation.validate_permission_batch_delete(request.json())
        records = self.state.batch_delete_permissions(request.match["service_id"], ids, request.project_id)
        return Response(200, {"permissions": records})

    def permission_description(self, request):
        """PUT .../permissions/{permission_id} {permission: {description}}."""
        description = validation.validate_permission_description(request.json())
        records = self.state.update_permission_description(request.match["service_id"], request.match["permission_id"],
                                                           description, request.project_id)
        return Response(200, {"permissions": records})

    # ------------------------------------------------------------------ connections
    def list_connections(self, request):
        """GET .../connections with id, marker_id, status filters, sorting and paging."""
        limit, offset = paging(request, LIST_MAX_LIMIT)
        sort_key, sort_dir = sorting(request)
        marker_id = request.param("marker_id")
        if marker_id is not None:
            if not re.match(r"^[0-9]+$", marker_id):
                raise ApiError(400, "EndPoint.0021", "Invalid marker_id: must be an integer, got '%s'" % marker_id)
            marker_id = int(marker_id)
        page, total = self.state.list_connections(
            request.match["service_id"], connection_id=request.param("id"), marker_id=marker_id,
            status=_status_param(request, CONNECTION_STATUSES), sort_key=sort_key, sort_dir=sort_dir, limit=limit,
            offset=offset, project_id=request.project_id,
        )
        return Response(200, {"connections": page, "total_count": total})

    def connection_action(self, request):
        """POST .../connections/action {action: receive|reject, endpoints: [one id]}; a receive may answer 'creating'."""
        action, endpoints = validation.validate_connection_action(request.json())
        return Response(200, {"connections": self.state.connection_action(request.match["service_id"], action, endpoints,
                                                                          request.project_id)})

    def connection_descriptions(self, request):
        """PUT .../connections/description {connections: [{id, description}]}: the updated connections."""
        items = validation.validate_connection_descriptions(request.json())
        return Response(200, {"connections": self.state.update_connection_descriptions(request.match["service_id"], items,
                                                                                       request.project_id)})
