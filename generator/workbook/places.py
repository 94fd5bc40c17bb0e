"""The official province and district of a code already checked against geothai's list: geothai answers None
for an unknown code, which past validation would be a bug, so it is raised here with the code it was given."""

from __future__ import annotations

import geothai
from geothai.types import District, Province


def province(code: str) -> Province:
    found = geothai.province(code)
    if found is None:
        raise LookupError(f"geothai has no province {code!r}")
    return found


def district(code: str) -> District:
    found = geothai.district(code)
    if found is None:
        raise LookupError(f"geothai has no district {code!r}")
    return found
