"""The family document: everything held about one family as plain JSON-ready data.

This one shape serves the JSON export (data portability, a family's request to see its records),
the PDF documents and the screens, so they can never disagree. Its schema is documented in
docs/export-json.md; bump SCHEMA when a field changes meaning.

Every contact detail carries "value", "confidential" (true = not for the family's copy) and
"safe_to_share".
"""

from __future__ import annotations

import base64
from datetime import date, datetime
from typing import Any

from ..domain import model as m
from ..domain.plan import PlanContent

SCHEMA = "safetymap.family/1"


def _dt(v: datetime | None) -> str | None:
    return v.isoformat() if v is not None else None


def _d(v: date | None) -> str | None:
    return v.isoformat() if v is not None else None


def _uid(p: m.Person | None) -> str | None:
    return p.uid if p is not None else None


def person_doc(p: m.Person) -> dict[str, Any]:
    return {
        "uid": p.uid,
        "id": p.id,
        "name": p.name,
        "initials": p.initials,
        "role": p.role.value,
        "relationship": p.relationship_label,
        "age_years": p.age_years,
        "date_of_birth": _d(p.date_of_birth),
        "in_household": p.in_household,
        "closeness": p.closeness,
        "network_role": p.network_role,
        "organisation": p.organisation,
        "confidential": p.confidential,
        # organisation and role (relationship) are not for the family's copy
        "details_confidential": p.details_confidential,
        "language": p.language,
        "language_note": p.language_note,
        "contacts": [
            {
                "uid": c.uid,
                "id": c.id,
                "kind": c.kind.value,
                "label": c.label,
                "value": c.value,
                "confidential": c.confidential,
                "safe_to_share": c.safe_to_share,
                "safe_for_children": c.safe_for_children,
            }
            for c in p.contacts
        ],
    }


def entry_doc(e: m.MapEntry) -> dict[str, Any]:
    return {
        "uid": e.uid,
        "id": e.id,
        "area": e.area.value,
        "text": e.text,
        "view": {"person_uid": _uid(e.view_person), "label": e.whose_view},
        "stances": [
            {
                "id": s.id,
                "uid": s.uid,
                "person_uid": _uid(s.person),
                "who": s.who,
                "stance": s.stance.value,
                "note": s.note,
            }
            for s in e.stances
        ],
        "worry_parts": {
            "who": e.worry_who,
            "behaviour": e.worry_behaviour,
            "situation": e.worry_situation,
            "impact": e.worry_impact,
        }
        if e.area == m.MapArea.WORRY
        else None,
        "child_text": e.child_text,
        "paired_worry_uid": e.paired_worry.uid if e.paired_worry is not None else None,
        "step_who": e.step_who,
        "agreed_date": _d(e.agreed_date),
        "resolved_at": _dt(e.resolved_at),
        "author": e.author,
        "created_at": _dt(e.created_at),
        "updated_at": _dt(e.updated_at),
    }


def _with_child_relations(people: list[dict[str, Any]], fam: m.Family) -> list[dict[str, Any]]:
    """Each person gets "known_as" {child uid: "Mum"}: how each child knows them, recorded once
    per pair. Each child gets "helpers": the person uids on that child's own "who helps keep me
    safe" list, in the order chosen."""
    by_id = {p["id"]: p for p in people}
    for p in people:
        p["known_as"] = {}
        if p["role"] == "child":
            p["helpers"] = []
    for r in fam.child_relations:
        person, child = by_id.get(r.person_id), by_id.get(r.child_id)
        if person is None or child is None:
            continue
        if r.known_as.strip():
            person["known_as"][child["uid"]] = r.known_as.strip()
        if r.helper and "helpers" in child:
            child["helpers"].append(person["uid"])
    return people


def family_document(fam: m.Family, *, include_attachment_data: bool = True) -> dict[str, Any]:
    plan = PlanContent.from_json(fam.safety_plan.content if fam.safety_plan else None)
    a = fam.assessment
    return {
        "schema": SCHEMA,
        "family": {
            "uid": fam.uid,
            "id": fam.id,
            "display_name": fam.display_name,
            "template_id": fam.template_id,
            "notes": fam.notes,
            "language": fam.language,
            "language_note": fam.language_note,
            "archived_at": _dt(fam.archived_at),
            "created_at": _dt(fam.created_at),
            "updated_at": _dt(fam.updated_at),
        },
        "people": _with_child_relations([person_doc(p) for p in fam.people], fam),
        "safety_check": {d.key: d.decision for d in fam.safety_decisions},
        "visits": [
            {
                "uid": v.uid,
                "id": v.id,
                "occurred_at": _dt(v.occurred_at),
                "place": v.place,
                "notes": v.notes,
                "attendance": [
                    {
                        "id": at.id,
                        "person_uid": at.person.uid,
                        "person_id": at.person_id,
                        "name": at.person.name,
                        "present": at.present,
                        "seen": at.seen,
                        "seen_alone": at.seen_alone,
                    }
                    for at in v.attendance
                ],
            }
            for v in fam.visits
        ],
        "map": [entry_doc(e) for e in fam.entries],
        "scores": [
            {
                "uid": s.uid,
                "id": s.id,
                "person_uid": _uid(s.person),
                "who": s.scorer,
                "value": s.value,
                "reasons": s.reasons,
                "scale_wording": s.scale_wording,
                "scored_at": _dt(s.scored_at),
            }
            for s in fam.scores
        ],
        "childs_voice": {
            "three_houses": [
                {
                    "uid": h.uid,
                    "id": h.id,
                    "child_uid": h.child.uid,
                    "child": h.child.name,
                    "house": h.house.value,
                    "text": h.text,
                }
                for h in fam.house_entries
            ],
            "words_and_pictures": [
                {"uid": w.uid, "id": w.id, "child_uid": _uid(w.child), "text": w.text}
                for w in fam.words_and_pictures
            ],
            "attachments": [
                {
                    "uid": at.uid,
                    "id": at.id,
                    "child_uid": _uid(at.child),
                    "filename": at.filename,
                    "mime_type": at.mime_type,
                    "caption": at.caption,
                    "bytes": len(at.data),
                    **(
                        {"data_base64": base64.b64encode(at.data).decode("ascii")}
                        if include_attachment_data
                        else {}
                    ),
                }
                for at in fam.attachments
            ],
        },
        "safety_plan": {
            "id": fam.safety_plan.id if fam.safety_plan else None,
            "uid": fam.safety_plan.uid if fam.safety_plan else None,
            "current": plan.to_json(),
            "versions": [
                {
                    "id": v.id,
                    "uid": v.uid,
                    "version": v.version,
                    "created_at": _dt(v.created_at),
                    "author": v.author,
                    "note": v.note,
                    "content": v.content,
                }
                for v in fam.plan_versions
            ],
        },
        "assessment": {
            "id": a.id if a else None,
            "uid": a.uid if a else None,
            "analysis": a.analysis if a else "",
            "decision": a.decision if a else "",
            "rationale": a.rationale if a else "",
            "family_note": a.family_note if a else "",
            "concluded_at": _dt(a.concluded_at) if a else None,
            "chronology": [
                {
                    "uid": c.uid,
                    "id": c.id,
                    "occurred_on": _d(c.occurred_on),
                    "title": c.title,
                    "detail": c.detail,
                    "source": c.source,
                    "learned": c.learned,
                }
                for c in fam.chronology
            ],
        },
        "supervision": [
            {
                "id": r.id,
                "uid": r.uid,
                "is_group": r.is_group,
                "reflections": r.reflections,
                "supervisor_score": r.supervisor_score,
                "score_reasons": r.score_reasons,
                "decision": r.decision,
                "rationale": r.rationale,
                "group_summary": r.group_summary,
                "signed_off_by": r.signed_off_by,
                "signed_off_role": r.signed_off_role,
                "signed_off_at": _dt(r.signed_off_at),
                "created_at": _dt(r.created_at),
            }
            for r in fam.supervisions
        ],
    }
