# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The VPCEP and IAM API: routing, authentication, project scoping, query parameters, answers.

HTTP plumbing (sockets, faults, the request log) is in server.py; data is in state.py.
"""

import json
import re
import time
from urllib.parse import parse_qsl

from . import validation
from .defaults import LIST_DEFAULT_LIMIT, LIST_MAX_LIMIT, MAX_TAGS, PERMISSIONS_MAX_LIMIT
from .state import CONNECTION_STATUSES, SERVICE_STATUSES, iso
from .validation import ApiError, bad

SEGMENT = r"[^/]+"
SERVICES = r"^/v1/(?P<project_id>[^/]+)/vpc-endpoint-services"
ROUTES = [
    # (pattern, methods -> handler name, needs authentication)
    (re.compile(r"^/v3/auth/tokens/?$"), {"POST": "iam_create_token"}, False),
    (re.compile(r"^/v3/projects/?$"), {"GET": "iam_list_projects"}, True),
    (re.compile(SERVICES + r"/?$"), {"GET": "list_services", "POST": "create_service"}, True),
    (re.compile(SERVICES + r"/(?P<service_id>%s)/?$" % SEGMENT),
     {"GET": "show_service", "PUT": "update_service", "DELETE": "delete_service"}, True),
    (re.compile(SERVICES + r"/(?P<service_id>%s)/permissions/?$" % SEGMENT), {"GET": "list_permissions"}, True),
    (re.compile(SERVICES + r"/(?P<service_id>%s)/permissions/action/?$" % SEGMENT), {"POST": "permission_action"}, True),
    (re.compile(SERVICES + r"/(?P<service_id>%s)/connections/?$" % SEGMENT), {"GET": "list_connections"}, True),
    (re.compile(SERVICES + r"/(?P<service_id>%s)/connections/action/?$" % SEGMENT), {"POST": "connection_action"}, True),
    (re.compile(SERVICES + r"/(?P<service_id>%s)/connections/description/?$" % SEGMENT), {"PUT": "connection_descriptions"}, True),
    (re.compile(r"^/v1/(?P<project_id>[^/]+)/(?P<resource_type>[^/]+)/(?P<service_id>[^/]+)/tags/action/?$"),
     {"POST": "tag_action"}, True),
    (re.compile(r"^/v1/(?P<project_id>[^/]+)/quotas/?$"), {"GET": "quotas"}, True),
]


class Response:
    """An answer: status, JSON-serialisable body (None for no body) and extra headers."""

    def __init__(self, status, body=None, headers=None):
        self.status = status
        self.body = body
        self.headers = headers or {}


class Request:
    """What a handler needs of a request."""

    def __init__(self, method, path, query, headers, body):
        self.method = method
        self.path = path
        self.query = query          # raw query string
        self.headers = headers      # lower-cased names
        self.body = body            # raw bytes
        self.params = {}
        for key, value in parse_qsl(query, keep_blank_values=True):
            self.params[key] = value
        self.match = None
        self.auth = None

    @property
    def target(self):
        """The request target as received."""
        return self.path + ("?" + self.query if self.query else "")

    def json(self):
        """The body parsed as JSON, or a 400 naming the problem."""
        if not self.body:
            raise bad("Invalid parameter body: the request body is empty, a JSON object is required")
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise bad("Invalid parameter body: not valid JSON (%s)" % exc) from exc


def _int_param(request, name, default, maximum, error_code):
    raw = request.params.get(name)
    if raw is None:
        return default
    if not re.match(r"^[0-9]+$", raw) or (maximum is not None and int(raw) > maximum):
        if maximum is None:
            raise ApiError(400, error_code, "Invalid %s: must be an integer >= 0, got '%s'" % (name, raw))
        raise ApiError(400, error_code, "Invalid %s: must be an integer between 0 and %d, got '%s'" % (name, maximum, raw))
    return int(raw)


def _paging(request, max_limit):
    limit = _int_param(request, "limit", LIST_DEFAULT_LIMIT, max_limit, "EndPoint.0006")
    offset = _int_param(request, "offset", 0, None, "EndPoint.0010")
    return limit, offset


def _sorting(request, keys=("create_at", "update_at")):
    sort_key = request.params.get("sort_key", "create_at")
    sort_dir = request.params.get("sort_dir", "desc")
    if sort_key not in keys:
        raise ApiError(400, "EndPoint.0017", "Invalid sort_key: must be one of %s, got '%s'" % (", ".join(keys), sort_key))
    if sort_dir not in ("desc", "asc"):
        raise ApiError(400, "EndPoint.0018", "Invalid sort_dir: must be desc or asc, got '%s'" % sort_dir)
    return sort_key, sort_dir


class Api:
    """Dispatches requests to handlers; one instance per simulator."""

    def __init__(self, state, authenticator):
        self.state = state
        self.authenticator = authenticator

    def dispatch(self, request):
        """Route, authenticate, scope and handle a request; always returns a Response."""
        try:
            handler, needs_auth = self._route(request)
            if needs_auth:
                request.auth = self.authenticator.authenticate(request.method, request.target, request.headers, request.body)
            self._check_project(request)
            return handler(request)
        except ApiError as error:
            return Response(error.status, {"error_code": error.error_code, "error_msg": error.error_msg}, error.headers)

    def _route(self, request):
        for pattern, methods, needs_auth in ROUTES:
            match = pattern.match(request.path)
            if match and request.method in methods:
                request.match = match.groupdict()
                return getattr(self, methods[request.method]), needs_auth
        # What the API gateway answers for a path or method it does not publish.
        raise ApiError(404, "APIGW.0101", "The API does not exist or has not been published in the environment: %s %s"
                       % (request.method, request.path))

    def _check_project(self, request):
        # Another project's id in the path, or an X-Project-Id header that disagrees with it, is
        # refused with 400 EndPoint.0014 ("Invalid project ID", a 400 in the API's error-code table).
        project_id = request.match.get("project_id")
        header = request.headers.get("x-project-id")
        if project_id is None:
            return
        if project_id != self.state.project_id:
            raise ApiError(400, "EndPoint.0014", "Invalid project ID: %s is not a project of this account" % project_id)
        if header is not None and header.strip() != project_id:
            raise ApiError(400, "EndPoint.0014", "Invalid project ID: X-Project-Id %s does not match the project %s in the URL"
                           % (header.strip(), project_id))

    # ------------------------------------------------------------------ IAM
    def iam_list_projects(self, request):
        """GET /v3/projects[?name=region]."""
        name = request.params.get("name")
        projects = []
        if name is None or name == self.state.region:
            projects.append({
                "id": self.state.project_id,
                "name": self.state.region,
                "domain_id": self.state.domain_id,
                "parent_id": self.state.domain_id,
                "enabled": True,
                "is_domain": False,
                "description": "",
                "links": {"self": "/v3/projects/%s" % self.state.project_id},
            })
        return Response(200, {"projects": projects, "links": {"self": request.target, "next": None, "previous": None}})

    def iam_create_token(self, request):
        """POST /v3/auth/tokens: a token in X-Subject-Token.

        Accepted: an AK/SK-signed request; the password method with the secret key as password
        (any user name); the token method with a valid token. The scope must be this project.
        """
        body = request.json() if request.body else {}
        identity = _dig(body, "auth", "identity")
        methods = _dig(identity, "methods")
        methods = methods if isinstance(methods, list) else []
        if request.headers.get("authorization"):
            self.authenticator.verify_signature(request.method, request.target, request.headers, request.body,
                                                request.headers["authorization"])
        elif "password" in methods:
            password = _dig(identity, "password", "user", "password")
            secrets = set(self.authenticator.credentials.values())
            if not isinstance(password, str) or password not in secrets:
                return _iam_unauthorized("The username or password is wrong.")
        elif "token" in methods:
            token = _dig(identity, "token", "id")
            if not isinstance(token, str) or not self.state.token_valid(token):
                return _iam_unauthorized("The token is invalid or has expired.")
        else:
            return _iam_unauthorized("The request you have made requires authentication.")
        project = _dig(body, "auth", "scope", "project")
        if isinstance(project, dict):
            if project.get("id") not in (None, self.state.project_id) or project.get("name") not in (None, self.state.region):
                return _iam_unauthorized("The project in the scope does not exist or the user has no access to it.")
        token, expires = self.state.issue_token()
        now = time.time()
        answer = {"token": {
            "expires_at": iso(expires).replace("Z", ".000000Z"),
            "issued_at": iso(now).replace("Z", ".000000Z"),
            "methods": methods or ["hw_ak_sk"],
            "project": {"id": self.state.project_id, "name": self.state.region,
                        "domain": {"id": self.state.domain_id, "name": "simulator"}},
            "user": {"id": "0" * 32, "name": "simulator", "domain": {"id": self.state.domain_id, "name": "simulator"}},
            "catalog": [],
            "roles": [{"id": "0", "name": "op_fine_grained"}],
        }}
        return Response(201, answer, {"X-Subject-Token": token})

    # ------------------------------------------------------------------ endpoint services
    def create_service(self, request):
        """POST .../vpc-endpoint-services."""
        fields = validation.validate_create(request.json())
        return Response(200, self.state.create_service(fields))

    def show_service(self, request):
        """GET .../vpc-endpoint-services/{id}."""
        return Response(200, self.state.show_service(request.match["service_id"]))

    def list_services(self, request):
        """GET .../vpc-endpoint-services with filters, sorting and paging."""
        limit, offset = _paging(request, LIST_MAX_LIMIT)
        sort_key, sort_dir = _sorting(request)
        status = request.params.get("status") or None
        if status is not None and status not in SERVICE_STATUSES:
            raise ApiError(400, "EndPoint.0019", "Invalid status: must be one of %s, got '%s'" % (", ".join(SERVICE_STATUSES), status))
        page, total = self.state.list_services(
            name=request.params.get("endpoint_service_name") or None,
            service_id=request.params.get("id") or None,
            status=status, sort_key=sort_key, sort_dir=sort_dir, limit=limit, offset=offset,
        )
        return Response(200, {"endpoint_services": page, "total_count": total})

    def update_service(self, request):
        """PUT .../vpc-endpoint-services/{id}: only the PUT page's fields; ports replaced whole."""
        fields = validation.validate_update(request.json())
        return Response(200, self.state.update_service(request.match["service_id"], fields))

    def delete_service(self, request):
        """DELETE .../vpc-endpoint-services/{id}: 204, then 'deleting' for the provision delay."""
        self.state.delete_service(request.match["service_id"])
        return Response(204)

    def quotas(self, request):
        """GET /v1/{project_id}/quotas[?type=endpoint_service|endpoint]."""
        kind = request.params.get("type")
        quotas = self.state.quotas()
        if kind is not None and kind not in quotas:
            raise bad("Invalid parameter type: must be one of %s, got '%s'" % (", ".join(quotas), kind))
        resources = [{"type": name, "used": used, "quota": quota}
                     for name, (used, quota) in quotas.items() if kind is None or name == kind]
        return Response(200, {"quotas": {"resources": resources}})

    # ------------------------------------------------------------------ permissions
    def list_permissions(self, request):
        """GET .../permissions (limit at most 500)."""
        limit, offset = _paging(request, PERMISSIONS_MAX_LIMIT)
        _sort_key, sort_dir = _sorting(request)
        page, total = self.state.list_permissions(request.match["service_id"], permission=request.params.get("permission") or None,
                                                  sort_dir=sort_dir, limit=limit, offset=offset)
        return Response(200, {"permissions": page, "total_count": total})

    def permission_action(self, request):
        """POST .../permissions/action {permissions, permission_type, action: add|remove}."""
        action, permission_type, permissions = validation.validate_permission_action(request.json())
        current = self.state.permission_action(request.match["service_id"], action, permission_type, permissions)
        return Response(200, {"permissions": current, "permission_type": permission_type})

    # ------------------------------------------------------------------ connections
    def list_connections(self, request):
        """GET .../connections with id, marker_id, status filters and paging."""
        limit, offset = _paging(request, LIST_MAX_LIMIT)
        sort_key, sort_dir = _sorting(request)
        marker_id = request.params.get("marker_id") or None
        if marker_id is not None:
            if not re.match(r"^[0-9]+$", marker_id):
                raise ApiError(400, "EndPoint.0021", "Invalid marker_id: must be an integer, got '%s'" % marker_id)
            marker_id = int(marker_id)
        status = request.params.get("status") or None
        if status is not None and status not in CONNECTION_STATUSES:
            raise ApiError(400, "EndPoint.0019", "Invalid status: must be one of %s, got '%s'" % (", ".join(CONNECTION_STATUSES), status))
        page, total = self.state.list_connections(
            request.match["service_id"], connection_id=request.params.get("id") or None, marker_id=marker_id,
            status=status, sort_key=sort_key, sort_dir=sort_dir, limit=limit, offset=offset,
        )
        return Response(200, {"connections": page, "total_count": total})

    def connection_action(self, request):
        """POST .../connections/action {action: receive|reject, endpoints: [ids]}; a receive may answer 'creating'."""
        action, endpoints = validation.validate_connection_action(request.json())
        return Response(200, {"connections": self.state.connection_action(request.match["service_id"], action, endpoints)})

    def connection_descriptions(self, request):
        """PUT .../connections/description {connections: [{id, description}]}: the updated connections."""
        items = validation.validate_connection_descriptions(request.json())
        return Response(200, {"connections": self.state.update_connection_descriptions(request.match["service_id"], items)})

    # ------------------------------------------------------------------ tags
    def tag_action(self, request):
        """POST /v1/{project_id}/endpoint_service/{id}/tags/action {action: create|delete, tags}: 204."""
        resource_type = request.match["resource_type"]
        if resource_type == "endpoint":
            # VPC endpoints (the consumer side) are not simulated.
            raise ApiError(404, "EndPoint.0005", "The requested resource does not exist: endpoint %s" % request.match["service_id"])
        if resource_type != "endpoint_service":
            raise bad("Invalid parameter resource_type: must be endpoint_service or endpoint, got '%s'" % resource_type)
        action, tags = validation.validate_tag_action(request.json())
        self.state.tag_action(request.match["service_id"], action, tags, MAX_TAGS)
        return Response(204)


def _dig(data, *keys):
    """data[k1][k2]... or None when a level is missing or not an object."""
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _iam_unauthorized(message):
    return Response(401, {"error": {"code": 401, "title": "Unauthorized", "message": message}})
