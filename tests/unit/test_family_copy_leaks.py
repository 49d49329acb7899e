"""Holes found in review of the family's-copy filter (export/family_copy.py): each test puts a
confidential name or detail somewhere a worker could plausibly type it, and checks it never
reaches the family's copy, nor the printed plan."""

from __future__ import annotations

import copy
from typing import Any

from safetymap.export.family_copy import family_copy

ANN, HIDDEN = "a", "b"


def _doc(**over: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "schema": "safetymap.family/1",
        "family": {"uid": "f", "display_name": "Lee family", "template_id": "wellbeing"},
        "people": [
            {"uid": ANN, "name": "Ann Lee", "role": "adult", "confidential": False,
             "contacts": []},
            {"uid": HIDDEN, "name": "Mark Stone", "role": "adult", "confidential": True,
             "contacts": []},
        ],
        "map": [],
        "scores": [],
        "childs_voice": {"three_houses": [], "words_and_pictures": [], "attachments": []},
        "visits": [],
        "assessment": {"analysis": "", "chronology": []},
        "safety_plan": {"current": {"rules": [], "network_roles": [], "warning_signs": [],
                                    "if_not_working": "", "review": ""}, "versions": []},
    }
    for k, v in over.items():
        doc[k] = v
    return doc


def _with_contact(doc: dict[str, Any], kind: str, value: str) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    doc["people"][0]["contacts"].append(
        {"kind": kind, "value": value, "confidential": True, "safe_to_share": False})
    return doc


def _analysis(doc: dict[str, Any], text: str) -> str:
    doc = copy.deepcopy(doc)
    doc["assessment"]["analysis"] = text
    fc, _ = family_copy(doc)
    return str(fc["assessment"]["analysis"])


def test_network_role_text_of_a_remaining_person_is_redacted():
    # A network role is free text ("what they will do"), printed in the plan's network table.
    doc = _doc()
    doc = _with_contact(doc, "address", "14 Elm Street, Leeds LS2 9ZZ")
    doc["safety_plan"]["current"]["network_roles"] = [
        {"person_uid": ANN, "role": "Keeps Mark Stone away from 14 Elm Street"}]
    fc, report = family_copy(doc)
    role = fc["safety_plan"]["current"]["network_roles"][0]["role"]
    assert "Mark" not in role and "Stone" not in role and "14 Elm Street" not in role
    assert "[name left out]" in role and "[left out]" in role
    assert report.redactions >= 2
    assert fc["people"][0]["role"] == "adult"  # the person's role code is not text


def test_address_typed_on_several_lines_is_redacted_part_by_part():
    doc = _with_contact(_doc(), "address", "Flat 2\n14 Elm Street\nLeeds\nLS2 9ZZ")
    out = _analysis(doc, "Ann now lives at 14 Elm Street (postcode LS2 9ZZ, or LS2  9ZZ).")
    assert "14 Elm Street" not in out and "9ZZ" not in out
    assert out.count("[left out]") == 3


def test_phone_written_in_national_or_international_form_is_redacted():
    intl = _with_contact(_doc(), "phone", "+44 7700 900555")
    out = _analysis(intl, "Ring her on 07700 900555 or 07700900555.")
    assert "900555" not in out and out.count("[left out]") == 2
    national = _with_contact(_doc(), "phone", "07700 900555")
    out = _analysis(national, "From abroad: +44 (0)7700 900 555, or +447700900555.")
    assert "555" not in out


def test_hidden_name_in_other_case_or_short_first_name_is_redacted():
    doc = _doc()
    doc["people"][1]["name"] = "Jo Stone"
    out = _analysis(doc, "Jo may come round. jo stone rang. JO STONE. STONE again.")
    assert "Jo " not in out and "jo stone" not in out and "JO" not in out
    assert "STONE" not in out and out.count("[name left out]") == 4
    # ordinary words that happen to be a hidden first name are left alone in lower case
    doc["people"][1]["name"] = "Will Stone"
    out = _analysis(doc, "We will meet. Will said so.")
    assert out == "We will meet. [name left out] said so."


def test_a_name_a_hidden_person_shares_is_blanked_in_the_text():
    """Red team: a merged bundle added a visible "Mark Lee", and the worry "Ann is worried that
    Mark finds where they live" then printed "Mark", meaning the hidden Mark Stone."""
    doc = _doc()
    doc["people"].append({"uid": "c", "name": "Mark Lee", "role": "adult",
                          "confidential": False, "contacts": []})
    text = "Ann is worried that Mark finds where they live."
    assert "Mark" not in _analysis(doc, text)
    fc, report = family_copy(doc)
    assert report.shared_names == 1
    assert any("shares a name" in w for w in report.warnings())
    # The visible person's own line still carries their name.
    assert [p["name"] for p in fc["people"]] == ["Ann Lee", "Mark Lee"]
    # ... unless it holds the hidden person's whole name ("Mark Stone Jr").
    doc2 = copy.deepcopy(doc)
    doc2["people"][2]["name"] = "Mark Stone Jr"
    fc2, _ = family_copy(doc2)
    assert "Stone" not in fc2["people"][1]["name"]
    # Control: with no hidden person of that name, "Mark" stays.
    doc["people"][1]["name"] = "Pete Stone"
    assert "Mark" in _analysis(doc, text)


def test_the_demo_plan_keeps_mihai_out_when_a_visible_mihai_is_added(demo_store):
    """The whole path: a second, visible Mihai in the Yılmaz family; the plan's text and the
    safe copy never print the name."""
    import io

    from pypdf import PdfReader

    from safetymap.services import documents
    from safetymap.services import people as people_cmds
    from safetymap.services.families import list_families

    fid = next(f.id for f in list_families(demo_store) if "Yılmaz" in f.display_name)
    people_cmds.add(demo_store, fid, "Mihai Nowak", "adult", "Neighbour")
    for safe in (False, True):
        data, warnings = documents.document_bytes(demo_store, fid, "plan", safe_copy=safe)
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
        assert "finds where they live" in text
        assert "Mihai finds" not in text and "Popescu" not in text
        assert any("shares a name" in w for w in warnings)
