"""A bundle that decrypts but breaks one of the store's own rules (one plan per family, one
assessment, unique plan version numbers, one attendance per person per visit) is refused while it
is read, with a sentence, instead of failing mid-write with a database error."""

from __future__ import annotations

import copy
import re

import pytest

from safetymap.domain.model import new_uid
from safetymap.services import bundles, families
from safetymap.services.demo import DEMO_NAMES
from safetymap.store import bundle as fmt


def _dup(payload, name):
    row = copy.deepcopy(payload["records"][name][0])
    row["uid"] = new_uid()
    row["_id"] = 99999
    payload["records"][name].append(row)
    return payload


@pytest.mark.parametrize("name,reason", [
    ("SafetyPlan", "it holds more than one SafetyPlan"),
    ("Assessment", "it holds more than one Assessment"),
    ("SafetyPlanVersion", "two plan versions share one number"),
    ("VisitAttendance", "one person is listed twice at one visit"),
])
def test_duplicate_one_per_family_records_are_refused(demo_store, name, reason):
    fid = families.resolve_family(demo_store, DEMO_NAMES[0])
    payload = bundles.build_payload(demo_store, fid)
    assert payload["records"][name], name
    sentence = ("The bundle opened but its contents are not a valid family record "
                f"({reason}); nothing has been changed.")
    with pytest.raises(fmt.BundleInvalid, match="^" + re.escape(sentence) + "$"):
        bundles.parse_payload(_dup(payload, name))
