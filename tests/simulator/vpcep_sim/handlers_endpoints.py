# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Handlers of the consumer's calls (VPC endpoints, describe, public services) and of the calls both
sides share (tags, tag filtering, quotas). A mixin of api.Api."""

from . import validation_endpoints as checks
from .defaults import LIST_MAX_LIMIT, MAX_TAGS
from .protocol import Response, paging, sorting
from .validation import bad, validate_tag_action

RESOURCE_TYPES = ("endpoint_service", "endpoint")


def _resource_type(request):
    resource_type = request.match["resource_type"]
    if resource_type not in RESOURCE_TYPES:
        raise bad("Invalid parameter resource_type: must be endpoint_service or endpoint, got '%s'" % resource_type)
    return resource_type


class EndpointHandlers:
    """VPC endpoints, describe, public services, tags, tag filtering, quotas."""

    # ------------------------------------------------------------------ VPC endpoints
    def create_endpoint(self, request):
        """POST /v1/{project_id}/vpc-endpoints."""
        fields = checks.validate_endpoint_create(request.json())
        return Response(200, self.state.create_endpoint(fields, request.account))

    def show_endpoint(self, request):
        """GET /v1/{project_id}/vpc-endpoints/{id}."""
        return Response(200, self.state.show_endpoint(request.match["endpoint_id"], request.project_id))

    def list_endpoints(self, request):
        """GET /v1/{project_id}/vpc-endpoints with filters, sorting and paging."""
        limit, offset = paging(request, LIST_MAX_LIMIT)
        sort_key, sort_dir = sorting(request)
        page, total = self.state.list_endpoints(
            request.project_id, name=request.param("endpoint_service_name"), vpc_id=request.param("vpc_id"),
            endpoint_id=request.param("id"), sort_key=sort_key, sort_dir=sort_dir, limit=limit, offset=offset)
        return Response(200, {"endpoints": page, "total_count": total})

    def update_endpoint_whitelist(self, request):
        """PUT /v1/{project_id}/vpc-endpoints/{id} {whitelist, enable_whitelist}."""
        fields = checks.validate_whitelist_update(request.json())
        return Response(200, self.state.update_endpoint_whitelist(request.match["endpoint_id"], fields, request.project_id))

    def update_endpoint_routetables(self, request):
        """PUT .../vpc-endpoints/{id}/routetables {routetables}."""
        routetables = checks.validate_routetables_update(request.json())
        return Response(200, self.state.update_endpoint_routetables(request.match["endpoint_id"], routetables,
                                                                    request.project_id))

    def update_endpoint_policy(self, request):
        """PUT .../vpc-endpoints/{id}/policy {policy_statement} or {policy_document}."""
        fields = checks.validate_policy_update(request.json())
        return Response(200, self.state.update_endpoint_policy(request.match["endpoint_id"], fields, request.project_id))

    def delete_endpoint_policy(self, request):
        """DELETE .../vpc-endpoints/{id}/policy: back to the default policy."""
        return Response(200, self.state.update_endpoint_policy(request.match["endpoint_id"], {}, request.project_id))

    def delete_endpoint(self, request):
        """DELETE /v1/{project_id}/vpc-endpoints/{id}: 204, then 'deleting' for the provision delay."""
        self.state.delete_endpoint(request.match["endpoint_id"], request.project_id)
        return Response(204)

    # ------------------------------------------------------------------ services as a consumer sees them
    def describe_service(self, request):
        """GET .../vpc-endpoint-services/describe?endpoint_service_name=<full name>|id=<id>."""
        name, service_id = request.param("endpoint_service_name"), request.param("id")
        if (name is None) == (service_id is None):
            raise bad("Invalid parameter endpoint_service_name: give either endpoint_service_name (the full name) or id")
        return Response(200, self.state.describe_service(request.account, name=name, service_id=service_id))

    def list_public_services(self, request):
        """GET .../vpc-endpoint-services/public with endpoint_service_name, id, sorting and paging."""
        limit, offset = paging(request, LIST_MAX_LIMIT)
        _sort_key, sort_dir = sorting(request)
        page, total = self.state.list_public_services(name=request.param("endpoint_service_name"), service_id=request.param("id"),
                                                      sort_dir=sort_dir, limit=limit, offset=offset)
        return Response(200, {"endpoint_services": page, "total_count": total})

    # ------------------------------------------------------------------ shared: tags, tag filtering, quotas
    def tag_action(self, request):
        """POST /v1/{project_id}/{endpoint_service|endpoint}/{id}/tags/action {action: create|delete, tags}: 204."""
        resource_type = _resource_type(request)
        action, tags = validate_tag_action(request.json())
        self.state.tag_action(resource_type, request.match["resource_id"], action, tags, MAX_TAGS, request.project_id)
        return Response(204)

    def resource_instances(self, request):
        """POST /v1/{project_id}/{endpoint_service|endpoint}/resource_instances/action: filter or count by tags."""
        resource_type = _resource_type(request)
        query = checks.validate_tag_query(request.json())
        page, total = self.state.resource_instances(resource_type, query, request.project_id)
        if query["action"] == "count":
            return Response(200, {"total_count": total})
        return Response(200, {"resources": page, "total_count": total})

    def project_tags(self, request):
        """GET /v1/{project_id}/{endpoint_service|endpoint}/tags: every key of the project's resources with its values."""
        return Response(200, {"tags": self.state.project_tags(_resource_type(request), request.project_id)})

    def quotas(self, request):
        """GET /v1/{project_id}/quotas[?type=endpoint_service|endpoint]."""
        kind = request.params.get("type")
        quotas = self.state.quotas(request.project_id)
        if kind is not None and kind not in quotas:
            raise bad("Invalid parameter type: must be one of %s, got '%s'" % (", ".join(quotas), kind))
        resources = [{"type": name, "used": used, "quota": quota}
                     for name, (used, quota) in quotas.items() if kind is None or name == kind]
        return Response(200, {"quotas": {"resources": resources}})
