"""Plain words for kinds of record, for people to read (never table or class names)."""

from __future__ import annotations

# Plain words for the kinds of record counted in ChangeReport.other (screens and the PDF).
OTHER_KINDS: dict[str, tuple[str, str]] = {
    "Person": ("person's details", "people's details"),
    "ContactDetail": ("address or phone number", "addresses or phone numbers"),
    "EntryStance": ("note of who agrees", "notes of who agrees"),
    "SafetyPlan": ("change to the working plan", "changes to the working plan"),
    "SafetyPlanVersion": ("agreed version of the plan", "agreed versions of the plan"),
    "Assessment": ("change to the assessment", "changes to the assessment"),
    "ChronologyEvent": ("chronology entry", "chronology entries"),
    "Visit": ("visit", "visits"),
    "Attachment": ("picture", "pictures"),
    "WordsAndPictures": ("change to Words and Pictures", "changes to Words and Pictures"),
    "Family": ("change to the family's details", "changes to the family's details"),
    "VisitAttendance": ("note of who was seen", "notes of who was seen"),
    "ThreeHousesEntry": ("Three Houses entry", "Three Houses entries"),
    "Score": ("number on the scale", "numbers on the scale"),
}


def describe_other(other: dict[str, int]) -> list[str]:
    """["2 chronology entries", "1 picture", ...] for ChangeReport.other."""
    out = []
    for kind, n in sorted(other.items()):
        one, many = OTHER_KINDS.get(kind, ("other record", "other records"))
        out.append(f"{n} {one if n == 1 else many}")
    return out
