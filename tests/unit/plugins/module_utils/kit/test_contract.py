# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Issue 22 point 2: the kit's contract with a declaration is explicit, and every declaration keeps it.

- Every member of a resource that the kit uses (kit/engine.py, kit/reads.py, kit/lookup.py, kit/converge.py, read
  from their source) is declared on `Resource` (kit/declaration.py): a declaration that forgets a hook gets its
  default, or a NotImplementedError naming the declaration and the hook - never an AttributeError on a race path.
- Every declaration, found automatically in plugins/module_utils/resources/ (a new one included), is run through
  the contract: its facts are set, its abstract hooks are overridden, its field rows and update calls agree, its
  result shape keeps what it compares, its hooks answer with the right types.
"""
import ast
import importlib
import inspect
import os
import pkgutil

import pytest

from ansible_collections.hwcloud.vpcep.plugins.module_utils import resources
from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import ResourceError
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.context import Context
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.converge import Convergence
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.engine import Resource
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.module_utils.fakes import FakeClock
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.module_utils.kit.toy import ToyApi, Widget, widget_params

KIT = os.path.join(os.path.dirname(inspect.getfile(Resource)))
# The kit's files that drive a declaration: the name they use for it there, and the class it is `self` in.
USERS = {'engine.py': ('self', 'Resource'), 'reads.py': ('self', 'Reads'), 'declaration.py': ('self', 'Declaration'),
         'converge.py': ('self', 'Convergence'), 'lookup.py': ('resource', None)}


def used_members(filename, name, within=None):
    """The attributes the kit file reads or calls on `name` (`self.x`, `resource.x`, `self.resource.x`), in the class
    `within` when given."""
    with open(os.path.join(KIT, filename), encoding='utf-8') as handle:
        tree = ast.parse(handle.read())
    if within:
        tree = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == within)
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        target = node.value
        if isinstance(target, ast.Name) and target.id == name:
            found.add(node.attr)
        elif isinstance(target, ast.Attribute) and target.attr == 'resource' and name == 'resource':
            found.add(node.attr)
    return found


def declarations():
    """Every class of plugins/module_utils/resources/ that the kit drives (Resource or another Convergence)."""
    found = []
    for info in pkgutil.iter_modules(resources.__path__):
        module = importlib.import_module('%s.%s' % (resources.__name__, info.name))
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Convergence) and cls.__module__ == module.__name__:
                found.append(cls)
    return sorted(found, key=lambda cls: cls.__name__)


DECLARATIONS = declarations()
RESOURCES = [cls for cls in DECLARATIONS if issubclass(cls, Resource)]


def abstract_hooks(cls):
    """The hooks of a kit base class whose default raises NotImplementedError."""
    hooks = []
    for name, member in inspect.getmembers(cls, inspect.isfunction):
        source = inspect.getsource(member)
        if 'raise NotImplementedError' in source:
            hooks.append(name)
    return hooks


def instance(cls, **params):
    return cls(Context(dict(params), client=ToyApi(FakeClock()), sleep=FakeClock().sleep, clock=FakeClock()))


# ---------------------------------------------------------------------------
# The kit uses only what Resource declares
# ---------------------------------------------------------------------------

@pytest.mark.parametrize('filename', sorted(USERS))
def test_every_member_the_kit_uses_is_declared_on_resource(filename):
    declared = set(dir(instance(Resource)))
    missing = sorted(used_members(filename, *USERS[filename]) - declared)
    assert not missing, '%s uses %s, which Resource does not declare' % (filename, missing)


def test_the_contract_reader_sees_the_hooks_lookup_uses():
    # The race-path hooks of issue 22 point 2, and the facts and hooks of issue 19's ownership rule.
    assert {'check_hint', 'seen_before', 'differences', 'label', 'explain_refusal',
            'tag_type', 'created'} <= used_members('lookup.py', 'resource')
    assert 'ambiguity_message' in used_members(*(('reads.py',) + USERS['reads.py']))
    assert {'decide', 'predict', 'apply', 'wait', 'diff_side'} <= used_members(*(('converge.py',) + USERS['converge.py']))


def test_the_abstract_hooks_name_the_declaration_and_the_hook():
    class Forgetful(Resource):
        noun = 'gadget'

    resource = instance(Forgetful, name='g')
    assert abstract_hooks(Resource) == ['matches_identity']
    with pytest.raises(NotImplementedError) as info:
        resource.matches_identity({})
    assert 'Forgetful' in str(info.value) and 'matches_identity' in str(info.value)
    for hook in abstract_hooks(Convergence):
        with pytest.raises(NotImplementedError) as info:
            getattr(Convergence(resource.context), hook)(*([None] * (len(inspect.signature(
                getattr(Convergence, hook)).parameters) - 1)))
        assert 'Convergence' in str(info.value) and hook in str(info.value)


def test_a_declaration_without_the_race_path_hooks_gets_their_defaults():
    class Plain(Widget):
        ambiguity_message = Resource.ambiguity_message
        check_hint = Resource.check_hint

    clock = FakeClock()
    api = ToyApi(clock)
    api.add('w', id='w-1')
    api.add('w', id='w-2')
    resource = Plain(Context(widget_params(wait_timeout=2), client=api, sleep=clock.sleep, clock=clock))
    with pytest.raises(ResourceError) as info:
        resource.single(resource.find_matches())
    assert info.value.msg == "Found 2 widgets that fit widget 'w' (ids: w-1, w-2); give the id option to choose one."
    assert resource.check_hint() == "list the widgets and look for widget 'w'"


# ---------------------------------------------------------------------------
# Every declaration keeps the contract
# ---------------------------------------------------------------------------

def test_every_declaration_is_found():
    names = [cls.__name__ for cls in DECLARATIONS]
    assert {'EndpointService', 'VpcEndpoint', 'Approvals'} <= set(names), names


@pytest.mark.parametrize('cls', DECLARATIONS, ids=lambda cls: cls.__name__)
def test_abstract_hooks_are_overridden(cls):
    base = Resource if issubclass(cls, Resource) else Convergence
    left = [hook for hook in abstract_hooks(base) if getattr(cls, hook) is getattr(base, hook)]
    assert not left, '%s leaves %s to the base, which cannot do them' % (cls.__name__, left)
    assert cls.result_key != Convergence.result_key, '%s sets no result_key' % cls.__name__


@pytest.mark.parametrize('cls', RESOURCES, ids=lambda cls: cls.__name__)
def test_facts_are_set(cls):
    for fact in ('noun', 'path', 'list_key'):
        assert getattr(cls, fact) != getattr(Resource, fact), '%s sets no %s' % (cls.__name__, fact)
    assert cls.path.startswith('/v1/{project_id}/'), cls.path


@pytest.mark.parametrize('cls', RESOURCES, ids=lambda cls: cls.__name__)
def test_field_rows_and_update_calls_agree(cls):
    owned = set(f.update for f in cls.fields if f.update is not None)
    assert owned == set(cls.update_calls), '%s: fields name the calls %s, update_calls are %s' % (
        cls.__name__, sorted(owned), sorted(cls.update_calls))
    options = [f.option for f in cls.fields]
    assert len(options) == len(set(options)), '%s declares an option twice' % cls.__name__


@pytest.mark.parametrize('cls', RESOURCES, ids=lambda cls: cls.__name__)
def test_the_result_keeps_what_is_compared(cls):
    if cls.shape is None:
        return
    dropped = [f.read_as for f in cls.fields if f.returned and f.read_as not in cls.shape]
    assert not dropped, '%s compares %s but its results drop them' % (cls.__name__, dropped)
    if cls.tag_type:
        assert 'tags' in cls.shape


@pytest.mark.parametrize('cls', RESOURCES, ids=lambda cls: cls.__name__)
def test_statuses_and_members(cls):
    resource = instance(cls)
    assert set(resource.ready) <= set(resource.created), 'a ready status the create lookup never waits for'
    assert not set(resource.ready) & set(resource.failed)
    if cls.members_option:
        base_hooks = ('read_members', 'plan_members', 'apply_members', 'predict_members', 'member_view')
        left = [hook for hook in base_hooks if getattr(cls, hook) is getattr(Resource, hook)]
        assert not left, '%s manages %s but leaves %s to the base' % (cls.__name__, cls.members_option, left)


@pytest.mark.parametrize('cls', RESOURCES, ids=lambda cls: cls.__name__)
def test_the_hooks_answer_with_the_right_types(cls):
    resource = instance(cls)
    assert all(isinstance(text, str) for text in resource.validate())
    assert isinstance(resource.label(), str) and resource.label()
    assert isinstance(resource.identity_filters(), dict)
    assert resource.matches_identity({}) in (True, False)
    assert 'id-1' in resource.ambiguity_message(['id-1', 'id-2'])
    assert isinstance(resource.check_hint(), str)
    assert resource.to_ansible(None) == {} and resource.diff_view(None) == {}
    assert isinstance(resource.create_body(), dict)
    assert resource.predict_create()['status'] == 'creating'
    assert resource.explain_failure({'status': 'failed'}) in (None,) or isinstance(
        resource.explain_failure({'status': 'failed'}), str)
