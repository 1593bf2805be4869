# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The contract between the kit and a resource declaration: every fact and hook the kit reads, with its default.

A declaration (a subclass of kit.engine.Resource) sets the facts and overrides the hooks it needs; a
hook without a sensible default raises NotImplementedError naming the declaration and the hook. The
engine (kit/engine.py), the reads (kit/reads.py) and the lookup (kit/lookup.py) use nothing of a
declaration that is not declared here (tests/unit/plugins/module_utils/kit/test_contract.py holds them to
it and runs every declaration of plugins/module_utils/resources/ through it). No Ansible imports.
"""

import copy

from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.converge import Convergence
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.fields import FieldSet
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.members import MemberPlan
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.tags import dict_to_tags, tags_to_dict


class Declaration(Convergence):
    """The facts and hooks of a resource declaration, with their defaults (see the module docstring)."""

    # ---- facts --------------------------------------------------------------------------------
    noun = 'resource'              # as messages name it: 'endpoint service'
    path = None                    # collection path: '/v1/{project_id}/vpc-endpoint-services'
    list_key = None                # key of the list answer's items
    tag_type = None                # resource type of the tag calls, None: no tags
    quota_type = None              # the quota a create counts against (kit/quotas.py), None: none
    fields = FieldSet()
    update_calls = {}              # call name -> UpdateCall; fields name theirs in Field.update
    shape = None                   # the answer keys a result keeps (None: all)
    ready = ('available',)         # statuses that end a wait
    failed = ('failed',)           # statuses that fail a wait
    created = ('available', 'failed')  # statuses a new resource reaches when the cloud has made it
    members_option = None          # option of a set-valued sub-collection (permissions), None: none

    def __init__(self, context, listing=None):
        super().__init__(context)
        # Answers of a listing shared by many declarations (a fleet), searched by find() instead of a list call of its
        # own; None: find() lists for itself.
        self.listing = listing
        # The ids of the identity's matches before this run created anything (set by find; None: not looked up).
        self.seen_before = None

    # ---- identity -----------------------------------------------------------------------------

    def validate(self):
        """Return one message per rule the params break (lengths, patterns, cross-field rules)."""
        return []

    def label(self):
        """Return how messages name the resource the params mean ("endpoint service 'web'")."""
        return self.noun

    def identity_filters(self):
        """Return the list filters that narrow the list call to candidates for the params' identity."""
        return {}

    def matches_identity(self, answer):
        """Tell whether a listed resource is the one the params identify (the API's filters are fuzzy)."""
        raise NotImplementedError('%s does not declare matches_identity(answer): how a listed %s is known to be the '
                                  'one the params identify' % (type(self).__name__, self.noun))

    def ambiguity_message(self, ids):
        """Return the error for several resources that fit the identity."""
        return 'Found %d %ss that fit %s (ids: %s); give the id option to choose one.' % (
            len(ids), self.noun, self.label(), ', '.join(ids))

    def check_hint(self):
        """Return how a user checks whether the resource exists (messages after an unclear create)."""
        return 'list the %ss and look for %s' % (self.noun, self.label())

    # ---- shapes -------------------------------------------------------------------------------

    def create_body(self):
        """Return the create request body: the fields the params give, and the tags."""
        body = self.fields.create_body(self.params)
        if self.tag_type and self.params.get('tags'):
            body['tags'] = dict_to_tags(self.params['tags'])
        return body

    def predict_create(self):
        """Return the API-shaped resource a create would return (check mode): requested fields and defaults."""
        answer = dict((f.read_as, f.default) for f in self.fields if f.default is not None)
        answer = self.fields.predict(answer, self.params)
        answer['status'] = 'creating'
        if self.tag_type:
            answer['tags'] = tags_to_dict(self.params.get('tags'))
        return answer

    def to_ansible(self, answer):
        """Return an API answer as the module returns it: the result shape, tags as a dict."""
        if not answer:
            return {}
        result = dict((k, copy.deepcopy(v)) for k, v in answer.items() if self.shape is None or k in self.shape)
        if self.tag_type:
            result['tags'] = tags_to_dict(answer.get('tags'))
        return result

    def diff_view(self, answer, members=None):
        """Return the managed fields of a resource as diff mode shows them."""
        if not answer:
            return {}
        view = dict((f.option, f.current(answer)) for f in self.fields
                    if f.returned and f.current(answer) is not None)
        view['id'] = answer.get('id')
        if self.tag_type:
            view['tags'] = tags_to_dict(answer.get('tags'))
        if members is not None:
            view[self.members_option] = self.member_view(members)
        return dict((k, v) for k, v in view.items() if v is not None)

    # ---- members (set-valued sub-collections) -------------------------------------------------

    def read_members(self, answer):
        """Return the current records of the sub-collection, None when the params do not manage it."""
        return None

    def plan_members(self, answer, records):
        """Return the MemberPlan from the current records to the params."""
        return MemberPlan()

    def apply_members(self, answer, records, plan):
        """Send the member changes; return the records they leave."""
        return records

    def predict_members(self, records, plan):
        """Return the records a MemberPlan would leave (check mode)."""
        return records

    def member_view(self, records):
        """Return the records as diff mode shows them."""
        return records

    # ---- around the writes --------------------------------------------------------------------

    def explain_refusal(self, error):
        """Raise a clearer error for a refused create (by default: the `quota_type` quota is used up), or return."""
        if self.quota_type:
            # Imported here (docs/architecture.md, "What a no-op imports"): only a refused create reads the quotas.
            from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import quotas
            quotas.explain_refusal(self.context, self.quota_type, error)

    def before_update(self, current):
        """Check or warn about the update about to be planned (a rename, say)."""

    def explain_failure(self, answer):
        """Return the message for a wait that ends in one of the `failed` statuses (None: the generic one)."""
        return None
