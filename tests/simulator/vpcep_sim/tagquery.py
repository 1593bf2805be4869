# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The tag query of POST /v1/{project_id}/{resource_type}/resource_instances/action.

The SDK's QueryResourceInstanceTagsBody: tags (all of them), tags_any (any of them), not_tags (not
all of them), not_tags_any (none of them); each condition {key, values}: the resource has the key
and, when values is not empty, one of those values. without_any_tag ignores them all and keeps the
untagged resources. matches [{key: resource_name, value}]: a case-insensitive substring of the
name (an empty value matches only an empty name).
"""


def _has(tags, condition):
    return condition["key"] in tags and (not condition["values"] or tags[condition["key"]] in condition["values"])


def matches(query, name, tag_list):
    """True when a resource of this name and tag list ([{key, value}]) passes the validated query."""
    tags = {tag["key"]: tag["value"] for tag in tag_list}
    if query["without_any_tag"]:
        if tags:
            return False
    else:
        if query["tags"] and not all(_has(tags, c) for c in query["tags"]):
            return False
        if query["tags_any"] and not any(_has(tags, c) for c in query["tags_any"]):
            return False
        if query["not_tags"] and all(_has(tags, c) for c in query["not_tags"]):
            return False
        if any(_has(tags, c) for c in query["not_tags_any"]):
            return False
    for match in query["matches"]:
        value = match["value"]
        if (value == "" and name != "") or value.lower() not in name.lower():
            return False
    return True
