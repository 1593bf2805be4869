# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write the execution environment's build context with this checkout's collection in it.

    python tools/ee_context.py TARBALL CONTEXT

extensions/ee/execution-environment.yml installs hwcloud.vpcep from Galaxy. This writes, beside CONTEXT,
a definition that installs the built TARBALL instead (ansible-builder copies it into the context with
additional_build_files), and runs `ansible-builder create` on it: no container engine is needed. The
image is then built elsewhere: `podman build -f CONTEXT/Containerfile -t hwcloud-vpcep-ee CONTEXT`
(docs/awx.md).
"""
import os
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFINITION = os.path.join(ROOT, 'extensions', 'ee', 'execution-environment.yml')


def local_definition(tarball):
    """The shipped definition, with the collection from `tarball` and its paths made absolute."""
    with open(DEFINITION, encoding='utf-8') as handle:
        definition = yaml.safe_load(handle)
    dependencies = definition['dependencies']
    python = dependencies.get('python')
    if isinstance(python, str) and not os.path.isabs(python):
        dependencies['python'] = os.path.normpath(os.path.join(os.path.dirname(DEFINITION), python))
    name = os.path.basename(tarball)
    definition.setdefault('additional_build_files', []).append({'src': os.path.abspath(tarball), 'dest': 'collections'})
    # The galaxy stage runs in the context's _build/, which the additional files are copied into.
    dependencies['galaxy'] = {'collections': [{'name': 'collections/%s' % name, 'type': 'file'}]}
    return definition


def main():
    """Write CONTEXT.yml (the definition) and the context CONTEXT."""
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    tarball, context = sys.argv[1], os.path.abspath(sys.argv[2])
    if not os.path.isfile(tarball):
        sys.exit('ee_context: no collection tarball at %s' % tarball)
    definition_path = context.rstrip(os.sep) + '.yml'
    os.makedirs(os.path.dirname(definition_path), exist_ok=True)
    with open(definition_path, 'w', encoding='utf-8') as handle:
        handle.write('---\n# Written by tools/ee_context.py from %s.\n' % os.path.relpath(DEFINITION, ROOT))
        yaml.safe_dump(local_definition(tarball), handle, sort_keys=False, default_flow_style=False)
    builder = os.path.join(os.path.dirname(sys.executable), 'ansible-builder')
    subprocess.run([builder, 'create', '--file', definition_path, '--context', context,
                    '--output-filename', 'Containerfile'], check=True, stdout=subprocess.DEVNULL)
    print('ee_context: build context in %s (definition %s)' % (context, definition_path))


if __name__ == '__main__':
    main()
