"""The worker profile: who is writing, and whom a family can call.

Kept in the store (store_meta rows `profile.*`, inside the encrypted file), asked for once when a
store is created and changeable in Settings. Its name replaces "worker" in history, attributions
and the documents, and its work phone goes in every plan's "If you need help" box.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select

from ..domain import model as m
from ..i18n import N_, _
from ..practice.templates import Template
from ..store.engine import Store

FIELDS = ("name", "role", "team", "phone")
_LIMIT = 200
#: the sentence for a box that is too long (its English; said in the screens' language)
_TOO_LONG = {"name": N_("The name is too long (at most {limit} characters)."),
             "role": N_("The role is too long (at most {limit} characters)."),
             "team": N_("The team is too long (at most {limit} characters)."),
             "phone": N_("The phone is too long (at most {limit} characters).")}


@dataclass(frozen=True)
class WorkerProfile:
    name: str = ""
    role: str = ""  # "Social worker"
    team: str = ""  # "Children's services, north team"
    phone: str = ""  # work phone

    @property
    def is_set(self) -> bool:
        return bool(self.name.strip())

    def to_json(self) -> dict[str, str]:
        return asdict(self)


def get_profile(store: Store) -> WorkerProfile:
    with store.session() as s:
        rows = {r.key: r.value for r in s.scalars(
            select(m.StoreMeta).where(m.StoreMeta.key.in_([f"profile.{f}" for f in FIELDS])))}
    return WorkerProfile(**{f: rows.get(f"profile.{f}", "") for f in FIELDS})


def set_profile(store: Store, *, name: str, role: str = "", team: str = "",
                phone: str = "") -> WorkerProfile:
    """Save the profile (one transaction). The name is needed; the rest may stay empty."""
    values = {"name": name.strip(), "role": role.strip(), "team": team.strip(),
              "phone": phone.strip()}
    if not values["name"]:
        raise ValueError(_("Please give your name: it goes on the plans you print."))
    for k, v in values.items():
        if len(v) > _LIMIT:
            raise ValueError(_(_TOO_LONG[k]).format(limit=_LIMIT))
    with store.session(command="profile.set") as s:
        for k, v in values.items():
            row = s.get(m.StoreMeta, f"profile.{k}")
            if row is None:
                s.add(m.StoreMeta(key=f"profile.{k}", value=v))
            else:
                row.value = v
    store.actor = values["name"]
    return WorkerProfile(**values)


def help_block(profile: WorkerProfile, template: Template,
               fallback_worker: dict[str, Any] | None = None) -> dict[str, Any]:
    """What every family plan and children's version prints under "If you need help": the
    worker by name with their phone, the organisation's numbers, and the emergency line."""
    worker: dict[str, str] | None = None
    if profile.is_set:
        worker = profile.to_json()
    elif fallback_worker is not None:
        phones = [c["value"] for c in fallback_worker.get("contacts", [])
                  if c.get("kind") == "phone"]
        worker = {"name": fallback_worker.get("name", ""),
                  "role": fallback_worker.get("relationship", ""),
                  "team": fallback_worker.get("organisation", ""),
                  "phone": phones[0] if phones else ""}
    return {
        "worker": worker,
        "numbers": [{"label": h.label, "value": h.value} for h in template.help_numbers],
        "emergency": template.emergency,
    }
