# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The VPCEP and IAM API: routing, authentication, project scoping, and the IAM calls.

HTTP plumbing (sockets, faults, the request log) is in server.py; the handlers of the VPCEP calls
are in handlers_services.py and handlers_endpoints.py; data is in state.py.
"""

import re
import time

from .handlers_endpoints import EndpointHandlers
from .handlers_services import ServiceHandlers
from .protocol import Response
from .records import iso
from .validation import ApiError

ID = r"[^/]+"
V1 = r"^/v1/(?P<project_id>[^/]+)"
SERVICES = V1 + r"/vpc-endpoint-services"
SERVICE = SERVICES + r"/(?P<service_id>%s)" % ID
SERVICE_V2 = r"^/v2/(?P<project_id>[^/]+)/vpc-endpoint-services/(?P<service_id>%s)" % ID
ENDPOINT = V1 + r"/vpc-endpoints/(?P<endpoint_id>%s)" % ID
ROUTES = [
    # (pattern, methods -> handler name, needs authentication); the first pattern that matches with the method wins,
    # so describe and public come before the service id.
    (r"^/v3/auth/tokens/?$", {"POST": "iam_create_token"}, False),
    (r"^/v3/projects/?$", {"GET": "iam_list_projects"}, True),
    (SERVICES + r"/?$", {"GET": "list_services", "POST": "create_service"}, True),
    (SERVICES + r"/describe/?$", {"GET": "describe_service"}, True),
    (SERVICES + r"/public/?$", {"GET": "list_public_services"}, True),
    (SERVICE + r"/?$", {"GET": "show_service", "PUT": "update_service", "DELETE": "delete_service"}, True),
    (SERVICE + r"/permissions/?$", {"GET": "list_permissions"}, True),
    (SERVICE + r"/permissions/action/?$", {"POST": "permission_action"}, True),
    (SERVICE + r"/permissions/batch-create/?$", {"POST": "permissions_batch_create"}, True),
    (SERVICE + r"/permissions/batch-delete/?$", {"POST": "permissions_batch_delete"}, True),
    (SERVICE + r"/permissions/(?P<permission_id>%s)/?$" % ID, {"PUT": "permission_description"}, True),
    (SERVICE + r"/connections/?$", {"GET": "list_connections"}, True),
    (SERVICE + r"/connections/action/?$", {"POST": "connection_action"}, True),
    (SERVICE + r"/connections/description/?$", {"PUT": "connection_descriptions"}, True),
    (V1 + r"/vpc-endpoints/?$", {"GET": "list_endpoints", "POST": "create_endpoint"}, True),
    (ENDPOINT + r"/?$", {"GET": "show_endpoint", "PUT": "update_endpoint_whitelist", "DELETE": "delete_endpoint"}, True),
    (ENDPOINT + r"/routetables/?$", {"PUT": "update_endpoint_routetables"}, True),
    (ENDPOINT + r"/policy/?$", {"PUT": "update_endpoint_policy", "DELETE": "delete_endpoint_policy"}, True),
    (V1 + r"/(?P<resource_type>[^/]+)/resource_instances/action/?$", {"POST": "resource_instances"}, True),
    (V1 + r"/(?P<resource_type>[^/]+)/(?P<resource_id>[^/]+)/tags/action/?$", {"POST": "tag_action"}, True),
    (V1 + r"/(?P<resource_type>[^/]+)/tags/?$", {"GET": "project_tags"}, True),
    (SERVICE_V2 + r"/upgrade/?$", {"POST": "upgrade_service"}, True),
    (SERVICE_V2 + r"/add-server-resources/?$", {"POST": "add_server_resources"}, True),
    (V1 + r"/quotas/?$", {"GET": "quotas"}, True),
]
ROUTES = [(re.compile(pattern), methods, needs_auth) for pattern, methods, needs_auth in ROUTES]


class Api(ServiceHandlers, EndpointHandlers):
    """Dispatches requests to handlers; one instance per simulator."""

    def __init__(self, state, authenticator):
        self.state = state
        self.authenticator = authenticator

    def dispatch(self, request):
        """Route, authenticate, scope and handle a request; always returns a Response."""
        try:
            handler, needs_auth = self._route(request)
            if needs_auth:
                request.auth, request.account = self.authenticator.authenticate(request.method, request.target,
                                                                                request.headers, request.body)
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

    @staticmethod
    def _check_project(request):
        # A project id in the path that is not the caller's own, or an X-Project-Id header that disagrees
        # with it, is refused with 400 EndPoint.0014 ("Invalid project ID", a 400 in the API's error-code table).
        project_id = request.match.get("project_id")
        header = request.headers.get("x-project-id")
        if project_id is None:
            return
        if project_id != request.account["project_id"]:
            raise ApiError(400, "EndPoint.0014", "Invalid project ID: %s is not a project of this account" % project_id)
        if header is not None and header.strip() != project_id:
            raise ApiError(400, "EndPoint.0014", "Invalid project ID: X-Project-Id %s does not match the project %s in the URL"
                           % (header.strip(), project_id))

    # ------------------------------------------------------------------ IAM
    def iam_list_projects(self, request):
        """GET /v3/projects[?name=region]: the caller's one project."""
        name = request.params.get("name")
        account = request.account
        projects = []
        if name is None or name == self.state.region:
            projects.append({
                "id": account["project_id"],
                "name": self.state.region,
                "domain_id": account["domain_id"],
                "parent_id": account["domain_id"],
                "enabled": True,
                "is_domain": False,
                "description": "",
                "links": {"self": "/v3/projects/%s" % account["project_id"]},
            })
        return Response(200, {"projects": projects, "links": {"self": request.target, "next": None, "previous": None}})

    def _token_account(self, request, body):
        """The account a token request authenticates as, or a 401 Response."""
        identity = _dig(body, "auth", "identity")
        methods = _dig(identity, "methods")
        methods = methods if isinstance(methods, list) else []
        if request.headers.get("authorization"):
            return self.authenticator.verify_signature(request.method, request.target, request.headers, request.body,
                                                       request.headers["authorization"]), methods
        if "password" in methods:
            password = _dig(identity, "password", "user", "password")
            account = self.state.accounts.by_secret_key(password) if isinstance(password, str) else None
            return account or _iam_unauthorized("The username or password is wrong."), methods
        if "token" in methods:
            token = _dig(identity, "token", "id")
            account = self.state.token_owner(token) if isinstance(token, str) else None
            return account or _iam_unauthorized("The token is invalid or has expired."), methods
        return _iam_unauthorized("The request you have made requires authentication."), methods

    def iam_create_token(self, request):
        """POST /v3/auth/tokens: a token of the authenticated account in X-Subject-Token.

        Accepted: an AK/SK-signed request; the password method with an account's secret key as
        password (any user name); the token method with a valid token. The scope must be the
        account's project.
        """
        body = request.json() if request.body else {}
        account, methods = self._token_account(request, body)
        if isinstance(account, Response):
            return account
        request.account = account
        request.auth = "aksk" if request.headers.get("authorization") else ("password" if "password" in methods else "token")
        project = _dig(body, "auth", "scope", "project")
        if isinstance(project, dict):
            if project.get("id") not in (None, account["project_id"]) or project.get("name") not in (None, self.state.region):
                return _iam_unauthorized("The project in the scope does not exist or the user has no access to it.")
        token, expires = self.state.issue_token(account)
        domain = {"id": account["domain_id"], "name": account["name"]}
        answer = {"token": {
            "expires_at": iso(expires).replace("Z", ".000000Z"),
            "issued_at": iso(time.time()).replace("Z", ".000000Z"),
            "methods": methods or ["hw_ak_sk"],
            "project": {"id": account["project_id"], "name": self.state.region, "domain": domain},
            "user": {"id": "0" * 32, "name": account["name"], "domain": domain},
            "catalog": [],
            "roles": [{"id": "0", "name": "op_fine_grained"}],
        }}
        return Response(201, answer, {"X-Subject-Token": token})


def _dig(data, *keys):
    """data[k1][k2]... or None when a level is missing or not an object."""
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _iam_unauthorized(message):
    return Response(401, {"error": {"code": 401, "title": "Unauthorized", "message": message}})
