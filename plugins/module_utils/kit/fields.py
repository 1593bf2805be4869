# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Field rows: each API field a module manages is one `Field`, and a `FieldSet` does the rest.

From the rows alone a FieldSet builds the create body, names the options a create still
needs, finds the differences between the params and a read, splits them into the update call
that owns each field or an immutable-field error, and predicts the resource after a change.
No Ansible imports.
"""

import copy


def _same(value):
    return value


class Field:
    """One API field: its option, API name, when it is sent, how it is compared, which reads return it.

    option    module option name
    api       API field name in request bodies and answers (default: the option name)
    read_as   API field name in answers when it differs from the request's (endpoint port_ip -> ip)
    update    name of the update call that changes it; None: fixed at creation (a difference fails)
    default   the API's value when a create leaves it out (an answer without the field means this)
    required  needed to create the resource
    key       turns a value into its comparison key (ports compared as a set, say)
    send      turns an option value into what the API is sent
    returned  False when no read returns the field: it is never compared, so it never causes a change
    read      reads the option's value from an answer itself (a rename hook); write sets it in a prediction
    create    False when the create call does not take the field: its update call sets it afterwards
    compare_if  a test of an answer: the field is compared only where it holds (enable_dns of interface endpoints)
    """

    def __init__(self, option, api=None, read_as=None, update=None, default=None, required=False, key=None,
                 send=None, returned=True, read=None, write=None, create=True, compare_if=None):
        self.option = option
        self.api = api or option
        self.read_as = read_as or self.api
        self.update = update
        self.default = default
        self.required = required
        self.key = key or _same
        self.send = send or _same
        self.returned = returned
        self._read = read
        self._write = write
        self.create = create
        self.compare_if = compare_if

    @property
    def immutable(self):
        """Whether the field is fixed at creation."""
        return self.update is None

    def current(self, answer):
        """Return the field's value in an API answer, its documented default when the answer leaves it out."""
        if self._read is not None:
            return self._read(answer)
        value = answer.get(self.read_as)
        return self.default if value is None else value

    def differs(self, answer, wanted):
        """Tell whether `wanted` differs from the answer's value (never for a field no read returns)."""
        if wanted is None or not self.returned:
            return False
        if self.compare_if is not None and not self.compare_if(answer):
            return False
        have = self.current(answer)
        if have is None and self.immutable:
            # A field fixed at creation that this answer does not report cannot be compared.
            return False
        return self.key(have) != self.key(wanted)

    def predict(self, answer, wanted):
        """Set the field to `wanted` in a copy-to-be of an API answer (check mode, answers that omit it)."""
        if self._write is not None:
            self._write(answer, wanted)
        else:
            answer[self.read_as] = copy.deepcopy(self.send(wanted))


class FieldSet:
    """The fields of one resource and what can be derived from them."""

    def __init__(self, *fields):
        self.fields = fields
        self.by_option = dict((f.option, f) for f in fields)

    def __iter__(self):
        return iter(self.fields)

    @property
    def required(self):
        """Return the options a create needs, in declaration order."""
        return [f.option for f in self.fields if f.required]

    def missing(self, params):
        """Return the required options that the params leave out."""
        return [name for name in self.required if params.get(name) is None]

    def create_body(self, params):
        """Return the create request body: every field the params give, in the API's names and forms."""
        return dict((f.api, f.send(params[f.option])) for f in self.fields if f.create and params.get(f.option) is not None)

    def immutable_differences(self, answer, params):
        """Return `(option, current, requested)` for each field fixed at creation that the params would change."""
        return [(f.option, f.current(answer), params[f.option]) for f in self.fields
                if f.immutable and f.differs(answer, params.get(f.option))]

    def updates(self, answer, params):
        """Return `{update call: {api field: value}}` with only the updatable fields that differ."""
        calls = {}
        for field in self.fields:
            if not field.immutable and field.differs(answer, params.get(field.option)):
                calls.setdefault(field.update, {})[field.api] = field.send(params[field.option])
        return calls

    def predict(self, answer, params, options=None):
        """Return a copy of an API answer with the given options' values (all given options by default)."""
        predicted = copy.deepcopy(answer)
        for field in self.fields:
            if (options is None or field.option in options) and params.get(field.option) is not None:
                field.predict(predicted, params[field.option])
        return predicted

    def options_in(self, call, body):
        """Return the options whose API fields are in an update call's body."""
        return [f.option for f in self.fields if f.update == call and f.api in body]
