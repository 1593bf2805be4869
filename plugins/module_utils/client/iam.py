# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The project id of a region, resolved from IAM when the settings do not give it.

Imported by the client only then (docs/architecture.md, "What a no-op imports"): a task that gives project_id
never compiles it. No Ansible imports.
"""

from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.config import ID_RE, clean
from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import ApiError
from ansible_collections.hwcloud.vpcep.plugins.module_utils.signer import canonical_query


def resolve_project_id(client):
    """Return the project id of the client's region, read once from IAM; ApiError names what to set instead."""
    region = clean(client.config.region)
    hint = "set project_id (%s)" % client.config.credential_note(project=False)
    try:
        answer = client.request("GET", "/v3/projects", params=[("name", region)], service="iam")
    except ApiError as error:
        raise ApiError(
            client.transport.scrub("Could not resolve the project id of region %s from IAM (%s); %s"
                                   % (region, error, hint)),
            status=error.status, error_code=error.error_code, error_msg=error.error_msg,
            request_id=error.request_id, method=error.method, path=error.path)
    projects = (answer or {}).get("projects") if isinstance(answer, dict) else None
    # The IAM filter is exact, but compare again so that a lenient server cannot pick the wrong project.
    matches = [p for p in projects or [] if isinstance(p, dict) and p.get("name") == region and p.get("id")]
    if len(matches) != 1 or not ID_RE.match(str(matches[0]["id"])):
        found = "%d projects match" % len(matches) if len(matches) != 1 else "its id is not a valid project id"
        raise ApiError(
            "Could not resolve the project id of region %s from IAM: %s; %s" % (region, found, hint),
            method="GET", path="/v3/projects?" + canonical_query([("name", region)]))
    return matches[0]["id"]
