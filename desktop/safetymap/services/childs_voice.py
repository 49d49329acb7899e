"""Commands on the child's voice: Three Houses entries in the child's own words, the Words and
Pictures story, and photos of drawings (kept only inside the encrypted store).

One unit of work each (`store.session(command="childs_voice.<name>")`); typed text (a house
entry, the story, a caption) coalesces, so a burst of typing is one changeset. A broken rule is
refused with a sentence (ValueError) and changes nothing.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import model as m
from ..domain import rules
from ..i18n import N_, _
from ..store.engine import Store
from .rows import get, next_position


def _house(house: m.House | str) -> m.House:
    return rules.one_of(m.House, house, N_("The three houses are the House of Worries, the House "
                        "of Good Things and the House of Dreams."))


def _child(s: Session, family_id: int, child_id: int) -> m.Person:
    child = get(s, m.Person, child_id)
    if child.family_id != family_id:
        raise ValueError(_("That child belongs to another family."))
    if child.role != m.PersonRole.CHILD:
        raise ValueError(_("Only a child has Three Houses, a story and drawings of their own. "
                           "Choose one of the children."))
    return child


# --- Three Houses -----------------------------------------------------------------------------


def add_house_entry(store: Store, family_id: int, child_id: int, house: m.House | str,
                    text: str = "") -> int:
    """A new line in one child's house, after the others. Returns its id."""
    the_house = _house(house)
    with store.session(command="childs_voice.add_house_entry") as s:
        _child(s, family_id, child_id)
        h = m.ThreeHousesEntry(family_id=family_id, child_id=child_id, house=the_house,
                               text=text, author=store.actor,
                               position=next_position(s, m.ThreeHousesEntry, child_id=child_id))
        s.add(h)
        s.flush()
        return h.id


def edit_house_entry(store: Store, entry_id: int, text: str) -> None:
    """The child's words as typed (autosaved; a burst of typing is one changeset)."""
    with store.session(command="childs_voice.edit_house_entry", coalesce=True) as s:
        get(s, m.ThreeHousesEntry, entry_id).text = text


def remove_house_entry(store: Store, entry_id: int) -> None:
    with store.session(command="childs_voice.remove_house_entry") as s:
        s.delete(get(s, m.ThreeHousesEntry, entry_id))


def move_house_entry(store: Store, entry_id: int, *, house: m.House | str | None = None,
                     index: int | None = None) -> None:
    """Move an entry to another of the child's houses (it goes last there), and/or to place
    `index` (0 = first) among the entries of its house."""
    the_house = _house(house) if house is not None else None
    with store.session(command="childs_voice.move_house_entry") as s:
        e = get(s, m.ThreeHousesEntry, entry_id)
        if the_house is not None and the_house != e.house:
            e.house = the_house
            e.position = next_position(s, m.ThreeHousesEntry, child_id=e.child_id)
            s.flush()
        if index is None:
            return
        same = list(s.scalars(select(m.ThreeHousesEntry).where(
            m.ThreeHousesEntry.child_id == e.child_id, m.ThreeHousesEntry.house == e.house)
            .order_by(m.ThreeHousesEntry.position, m.ThreeHousesEntry.id)))
        slots = sorted(x.position for x in same)
        if len(set(slots)) != len(slots):  # older rows may share a position: spread them out
            slots = list(range(min(slots), min(slots) + len(slots)))
        same.remove(e)
        same.insert(max(0, min(index, len(same))), e)
        for x, pos in zip(same, slots, strict=True):
            if x.position != pos:
                x.position = pos


# --- Words and Pictures -----------------------------------------------------------------------


def set_words_and_pictures(store: Store, family_id: int, text: str,
                           child_id: int | None = None) -> int:
    """The story (the family's, or one child's when `child_id` is given), as typed. Returns the
    story's id. Autosaved: a burst of typing is one changeset."""
    with store.session(command="childs_voice.set_words_and_pictures", coalesce=True) as s:
        get(s, m.Family, family_id)
        if child_id is not None:
            _child(s, family_id, child_id)
        row = s.scalars(select(m.WordsAndPictures).where(
            m.WordsAndPictures.family_id == family_id,
            m.WordsAndPictures.child_id.is_(None) if child_id is None
            else m.WordsAndPictures.child_id == child_id)).first()
        if row is None:
            row = m.WordsAndPictures(family_id=family_id, child_id=child_id, author=store.actor)
            s.add(row)
        row.text = text
        s.flush()
        return row.id


# --- drawings ---------------------------------------------------------------------------------


def add_drawing(store: Store, family_id: int, data: bytes, *, child_id: int | None = None,
                filename: str = "", mime_type: str = "image/png", caption: str = "") -> int:
    """Keep a picture (a photo of a drawing) inside the store; `child_id` says whose it is
    (None: not one child's). Returns its id."""
    if not data:
        raise ValueError(_("That picture is empty. Nothing was added."))
    if not mime_type.startswith("image/"):
        raise ValueError(_("Only pictures can be kept here. Nothing was added."))
    with store.session(command="childs_voice.add_drawing") as s:
        get(s, m.Family, family_id)
        if child_id is not None:
            _child(s, family_id, child_id)
        a = m.Attachment(family_id=family_id, child_id=child_id, data=bytes(data),
                         filename=filename, mime_type=mime_type, caption=caption,
                         author=store.actor)
        s.add(a)
        s.flush()
        return a.id


def caption_drawing(store: Store, attachment_id: int, caption: str) -> None:
    """What the drawing is, in the child's words (autosaved)."""
    with store.session(command="childs_voice.caption_drawing", coalesce=True) as s:
        get(s, m.Attachment, attachment_id).caption = caption


def remove_drawing(store: Store, attachment_id: int) -> None:
    with store.session(command="childs_voice.remove_drawing") as s:
        s.delete(get(s, m.Attachment, attachment_id))


def drawing_data(store: Store, attachment_id: int) -> bytes:
    """The picture's bytes, for showing it (never written to disk)."""
    with store.session() as s:
        return bytes(get(s, m.Attachment, attachment_id).data)
