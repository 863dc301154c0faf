"""Print a Nova installation's create schemas as JSON (key order kept), by range name.

    $NOVA_PY tools/record_release_schemas.py > tests/conformance/releases/<v>/nova_schemas.json
"""

import json

from nova.api.openstack.compute.schemas import servers

NAMES = ("create_v20", "create", "create_v219", "create_v232", "create_v233", "create_v237",
         "create_v242", "create_v252", "create_v257", "create_v263", "create_v267",
         "create_v274", "create_v290", "create_v294")

print(json.dumps({name: getattr(servers, name) for name in NAMES}, indent=1))
