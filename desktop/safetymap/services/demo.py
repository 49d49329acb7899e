"""Fictional demo families, for demos, screenshots and tests. Never real people.

The Hughes-Kowalski family is the one in PRACTICE.md. The Davies family speaks Welsh and uses the
early-help template; the Yılmaz family lives in a refuge whose address and phone number are marked
confidential, so every family-facing document can be checked for leaks.
"""

from __future__ import annotations

import struct
import zlib
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from ..domain import model as m
from ..domain.plan import NetworkRole, PlanContent, PlanRule
from ..i18n import ENGLISH, speaking
from ..store.engine import Store
from . import assessment as assessment_cmds
from . import childs_voice as voice_cmds
from . import chronology as chronology_cmds
from . import entries as entry_cmds
from . import families
from . import people as people_cmds
from . import plan as plan_cmds
from . import scores as score_cmds
from . import visits as visit_cmds
from .visits import Attendance

DEMO_NAMES = ("Hughes-Kowalski family", "Davies family (Teulu Davies)", "Yılmaz family")

# A fixed "now" keeps the demo reproducible for screenshots and tests.
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def _ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


def drawing_png(width: int = 240, height: int = 180) -> bytes:
    """A small child-like drawing of a house under a sun, as PNG bytes (no Qt or Pillow needed)."""
    sky, grass, wall, roof, sun, door = (
        (200, 230, 255), (120, 200, 110), (250, 220, 160), (200, 70, 60), (255, 210, 40),
        (120, 80, 40),
    )
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            c = sky if y < height * 0.75 else grass
            if (x - 200) ** 2 + (y - 35) ** 2 < 18 ** 2:
                c = sun
            if 70 <= x <= 170 and 80 <= y <= 140:
                c = wall
                if 108 <= x <= 132 and y >= 105:
                    c = door
            if 50 <= x <= 190 and 40 <= y < 80 and abs(x - 120) <= (y - 40) * 70 / 40:
                c = roof
            row += bytes(c)
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(
            ">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def add_demo_families(store: Store) -> list[int]:
    """Add the demo families that are not in the store yet. Returns the ids of all of them."""
    with store.session() as s:
        existing = {f.display_name: f.id for f in s.scalars(select(m.Family))}
    ids = []
    for name, builder in zip(DEMO_NAMES, (_hughes_kowalski, _davies, _yilmaz), strict=True):
        # the workers typed these families' words in English (Davies': Welsh) whatever the
        # screens speak: compose_worry builds its sentence in the current language
        with speaking(ENGLISH):
            ids.append(existing[name] if name in existing else builder(store, name))
    return ids


def _hughes_kowalski(store: Store, name: str) -> int:
    fid = families.create_family(store, name, "child-protection")
    sarah = people_cmds.add(store, fid, "Sarah Hughes", "adult", "Mum", age_years=29,
                          in_household=True)
    tomasz = people_cmds.add(store, fid, "Tomasz Kowalski", "adult", "Dad", age_years=33,
                           in_household=True)
    lena = people_cmds.add(store, fid, "Lena Kowalska", "child", "Daughter", age_years=7,
                         in_household=True)
    jakub = people_cmds.add(store, fid, "Jakub Kowalski", "child", "Son", age_years=4,
                          in_household=True)
    gwen = people_cmds.add(store, fid, "Gwen Hughes", "network", "Nan (Sarah's mum)", closeness=1,
                         network_role="Lives two streets away. The children can go to her any time.")
    evans = people_cmds.add(store, fid, "Mrs Evans", "professional", "Lena's teacher",
                          organisation="Ysgol Glan Môr primary school", closeness=2)
    worker = people_cmds.add(store, fid, "Alex Morgan", "professional", "Social worker",
                           organisation="Children's services")
    people_cmds.add_contact(store, sarah, "phone", "07700 900123", label="mobile")
    people_cmds.add_contact(store, sarah, "address", "14 Heol y Mynydd, Aberystwyth SY23 1AA",
                   label="home")
    people_cmds.add_contact(store, gwen, "phone", "07700 900456", label="mobile", safe_to_share=True,
                   safe_for_children=True)
    people_cmds.add_contact(store, gwen, "address", "3 Stryd y Popty, Aberystwyth SY23 1BB",
                   label="home", confidential=True)
    people_cmds.add_contact(store, evans, "phone", "01970 000111", label="school office",
                   safe_to_share=True)
    people_cmds.add_contact(store, worker, "phone", "01970 000222", label="duty desk", safe_to_share=True)

    harm = entry_cmds.add(
        store, fid, "harm",
        "Lena came to school twice in October with bruises on her arm. She told Mrs Evans "
        "\"Daddy was shouting again\".", view_label="School")
    entry_cmds.set_stance(store, harm, "disagrees", person_id=tomasz,
                          note="Tomasz says Lena fell in the park.")
    w1 = entry_cmds.add(
        store, fid, "worry",
        entry_cmds.compose_worry("The school and Alex", "Tomasz drinks a lot at weekends and shouts",
                                 "when he is drunk and the children are at home",
                                 "Lena and Jakub could be hurt or very frightened"),
        view_label="Worker", worry_who="The school and Alex",
        child_text="Sometimes Daddy drinks beer and gets loud and cross. The grown-ups want "
                   "home to feel calm and safe.",
        worry_behaviour="Tomasz drinks a lot at weekends and shouts",
        worry_situation="when he is drunk and the children are at home",
        worry_impact="Lena and Jakub could be hurt or very frightened")
    entry_cmds.set_stance(store, w1, "agrees", person_id=sarah)
    entry_cmds.set_stance(store, w1, "disagrees", person_id=tomasz, note="\"I'd never hurt my kids.\"")
    w2 = entry_cmds.add(
        store, fid, "worry",
        "Sarah is worried that if the rent is not paid the family could lose their home, and "
        "the children would have to move school.", view_person_id=sarah,
        child_text="Mummy is sorting out money for the house, so you can keep living there.")
    entry_cmds.add(store, fid, "complicating", "The family is behind on the rent.",
                   view_person_id=sarah)
    entry_cmds.add(store, fid, "complicating",
                   "Tomasz works long shifts and is tired at weekends.", view_person_id=tomasz)
    entry_cmds.add(store, fid, "strength",
                   "Lena and Jakub are always clean and fed, and get to school on time.",
                   view_label="School")
    entry_cmds.add(store, fid, "strength",
                   "Tomasz reads Jakub a story every night he is home.", view_person_id=tomasz)
    entry_cmds.add(store, fid, "strength", "Gwen lives close and sees the children most days.",
                   view_person_id=gwen)
    entry_cmds.add(
        store, fid, "existing_safety",
        "Twice when Tomasz was drunk, Sarah took the children to Gwen's house and they stayed "
        "the night.", view_person_id=sarah)
    g1 = entry_cmds.add(
        store, fid, "goal",
        "Sarah and Tomasz will sort out arguments calmly, away from the children. Lena and Jakub "
        "will tell us they feel safe at home. The school will see no more bruises, for six months.",
        view_label="Worker", paired_worry_id=w1)
    entry_cmds.set_stance(store, g1, "agrees", person_id=tomasz)
    entry_cmds.add(store, fid, "goal",
                   "The rent will be paid each month and the family will keep their home.",
                   view_person_id=sarah, paired_worry_id=w2)
    entry_cmds.add(store, fid, "next_step", "Book a meeting with Gwen and Mrs Evans to write the "
                   "safety plan together.", step_who="Alex", agreed_date=date(2026, 11, 27))
    entry_cmds.add(store, fid, "next_step", "Call the council about help with the rent.",
                   step_who="Sarah", agreed_date=date(2026, 11, 25))
    entry_cmds.add(store, fid, "next_step", "Go to the alcohol support group on Tuesday evenings.",
                   step_who="Tomasz")

    wording = ("10 means everyone agrees the children are safe enough to close the case; "
               "0 means things are so bad the children can't stay at home.")
    history = [  # (days ago, who, value, reasons)
        (300, "worker", 2, "Bruises seen. Nobody would talk about what happened."),
        (300, sarah, 5, "I keep the kids safe."),
        (200, "worker", 3, "Sarah took the children to Gwen's when Tomasz was drunk."),
        (200, sarah, 5, "Things are a bit better."),
        (200, tomasz, 8, "I'd never hurt my kids."),
        (100, "worker", 3, "Another bruise in the summer term."),
        (100, "School", 2, "Lena was quiet and tired."),
        (3, "worker", 4, "Sarah has shown she will take the children to Gwen's. Tomasz has "
                         "started to talk about his drinking."),
        (3, sarah, 6, "Mum is close by and I know what to do if he drinks."),
        (3, tomasz, 8, "I'd never hurt my kids."),
        (3, "School", 3, "Lena still says Daddy shouts. She is happier this term."),
    ]
    for days, who, value, reasons in history:
        if who == "worker":
            who = worker  # Alex, the worker, scores as Alex: one line on the chart, not two
        kw = {"person_id": who} if isinstance(who, int) else {"scorer_label": who}
        score_cmds.record(store, fid, value, reasons=reasons, scale_wording=wording,
                          scored_at=_ago(days), **kw)

    for text in ("Daddy shouting", "When Mummy cries"):
        voice_cmds.add_house_entry(store, fid, lena, "worries", text)
    for text in ("Nan's house", "My friend Amira", "Jakub makes me laugh"):
        voice_cmds.add_house_entry(store, fid, lena, "good_things", text)
    voice_cmds.add_house_entry(store, fid, lena, "dreams",
                       "Daddy doesn't shout and we go to the park on Sundays.")
    voice_cmds.add_house_entry(store, fid, jakub, "good_things", "Trains. Nan's biscuits.")
    voice_cmds.add_house_entry(store, fid, jakub, "worries", "Loud noises at night.")
    voice_cmds.add_house_entry(store, fid, jakub, "dreams", "A big train set.")
    voice_cmds.set_words_and_pictures(
        store, fid,
        "Sometimes when Daddy drinks beer he gets loud and cross. Once Lena got hurt. "
        "That is not Lena's fault or Jakub's fault. Mummy, Daddy, Nan, Mrs Evans and Alex are "
        "working together so that home feels safe and calm. If Daddy gets loud, Mummy will take "
        "you to Nan's house.")
    voice_cmds.add_drawing(store, fid, drawing_png(), child_id=lena, filename="lena-house.png",
                      caption="Lena's House of Dreams")

    visit_cmds.record(store, fid, _ago(40), place="Home", attendance=[
        Attendance(sarah, present=True),
        Attendance(lena, present=True, seen=True, seen_alone=False),
        Attendance(jakub, present=True, seen=True, seen_alone=False)])
    visit_cmds.record(store, fid, _ago(3), place="Home", attendance=[
        Attendance(sarah, present=True),
        Attendance(tomasz, present=True),
        Attendance(lena, present=True, seen=True, seen_alone=True),
        Attendance(jakub, present=True, seen=True, seen_alone=False)])

    plan_cmds.save(store, fid, PlanContent(
        rules=[
            PlanRule("If Tomasz has been drinking, he will go to his brother's flat and not come "
                       "home until the next morning.", [], "Tomasz and Sarah", "Tomasz"),
            PlanRule("If there is shouting, Sarah will take Lena and Jakub to Nan's house.",
                       [], "Sarah, with Gwen", "Sarah", for_children=True,
                       child_text="If Daddy shouts, Mummy will take you to Nan's house."),
            PlanRule("Gwen will visit every Saturday morning and check the children are OK.",
                       [], "Gwen", "Gwen"),
            PlanRule("Mrs Evans will talk with Lena each Monday about her weekend.", [],
                       "Mrs Evans", "Mrs Evans", for_children=True,
                       child_text="You can tell Mrs Evans about your weekend every Monday."),
        ],
        network_roles=[],
        warning_signs=["Tomasz buying drink on a Friday", "Lena not wanting to go home",
                         "Sarah not answering her phone at the weekend"],
        if_not_working="Anyone in the network can call Alex or Gwen. We will all meet again "
                         "within a week to change the plan. That is not failure.",
        review="We will look at the plan together at Gwen's house in January.",
    ))
    # who-makes-sure by person uid, now that the people exist
    with store.session(command="demo.plan_helpers") as s:
        uids = {p.name: p.uid for p in s.scalars(select(m.Person).where(m.Person.family_id == fid))}
        plan = s.scalars(select(m.SafetyPlan).where(m.SafetyPlan.family_id == fid)).one()
        c = PlanContent.from_json(plan.content)
        c.rules[0].who_makes_sure = [uids["Tomasz Kowalski"], uids["Sarah Hughes"]]
        c.rules[1].who_makes_sure = [uids["Sarah Hughes"], uids["Gwen Hughes"]]
        c.rules[2].who_makes_sure = [uids["Gwen Hughes"]]
        c.rules[3].who_makes_sure = [uids["Mrs Evans"]]
        c.network_roles = [NetworkRole(uids["Gwen Hughes"], "Visits every Saturday morning. "
                                       "The children can go to her house at any time."),
                           NetworkRole(uids["Mrs Evans"], "Talks with Lena every Monday.")]
        plan.content = c.to_json()
    plan_cmds.agree_version(store, fid, "Agreed at the family meeting.")
    # How Lena and Jakub know everyone, and who is on each child's "who helps" list.
    for child, names in ((lena, {sarah: "Mum", tomasz: "Dad", gwen: "Nan",
                                 evans: "my teacher Mrs Evans", worker: "Alex",
                                 jakub: "my brother Jakub"}),
                         (jakub, {sarah: "Mum", tomasz: "Dad", gwen: "Nan",
                                  evans: "Lena's teacher Mrs Evans", worker: "Alex",
                                  lena: "my sister Lena"})):
        for person, word in names.items():
            people_cmds.set_child_relation(store, child, person, known_as=word)
    for child, helpers in ((lena, (sarah, gwen, evans)), (jakub, (sarah, gwen))):
        for person in helpers:
            people_cmds.set_child_relation(store, child, person, helper=True)

    assessment_cmds.edit(
        store, fid,
        analysis="Lena has had bruises twice and says her dad shouts. Tomasz drinks at weekends. "
                 "Sarah has acted to keep the children safe by going to her mum's. The family "
                 "have a strong helper in Gwen.",
        decision="The children stay at home with a safety plan and a safety network.",
        rationale="Sarah has shown she will act. Gwen is close by. The school sees Lena every "
                  "day. Tomasz has agreed to go to the support group.",
        family_note="We will tell you what we have decided after we meet with Gwen and "
                    "Mrs Evans. If it takes longer, Alex will phone you and say why.")
    for days, title, detail in [
        (310, "School saw bruises on Lena's arm", "Mrs Evans told children's services."),
        (300, "First home visit", "Met Sarah, Lena and Jakub."),
        (220, "Sarah took the children to Gwen's", "Tomasz had been drinking."),
        (120, "Second bruise seen at school", "Lena said Daddy was shouting."),
        (40, "Home visit", "Lena and Jakub seen."),
        (3, "Home visit: Lena seen alone", "Lena did her Three Houses."),
    ]:
        chronology_cmds.add(store, fid, (_ago(days)).date(), title, detail=detail,
                            source="Worker")
    return fid


def _davies(store: Store, name: str) -> int:
    """A Welsh-speaking family: everyone prefers Welsh, and every word they and the early help
    worker typed is Welsh, so the Welsh plan shows the whole path (issue 14). The software's
    own words follow the document's language; these never do."""
    fid = families.create_family(store, name, "wellbeing")
    ceri = people_cmds.add(store, fid, "Ceri Davies", "adult", "Mam", age_years=34,
                           in_household=True)
    sion = people_cmds.add(store, fid, "Siôn ap Gwilym", "adult", "Tad (yn byw ar wahân)",
                           age_years=36)
    wyn = people_cmds.add(store, fid, "Ŵyn Davies", "child", "Mab", age_years=9,
                          in_household=True)
    elin = people_cmds.add(store, fid, "Elin Davies", "child", "Merch", age_years=5,
                           in_household=True)
    taid = people_cmds.add(store, fid, "Dafydd Davies", "network", "Taid", closeness=1,
                           network_role="Mae'n mynd ag Elin i'r ysgol ar ddydd Llun a dydd "
                                        "Mercher.")
    people_cmds.add(store, fid, "Non Llewelyn", "network", "Cymdoges", closeness=2,
                    network_role="Mae'n galw heibio ar ôl ysgol ar ddydd Iau.")
    families.set_language(store, fid, "cy")
    for pid in (ceri, sion, wyn, elin, taid):
        people_cmds.set_language(store, pid, "cy")
    people_cmds.add_contact(store, ceri, "phone", "07700 900789", label="symudol")
    people_cmds.add_contact(store, sion, "address", "Fflat 2, 9 Ffordd yr Orsaf, Bangor LL57 2AA",
                            label="cartref", confidential=True)
    people_cmds.add_contact(store, taid, "phone", "07700 900321", safe_to_share=True,
                            safe_for_children=True)
    entry_cmds.add(store, fid, "worry",
                   "Mae Ceri yn poeni ei bod hi'n aros yn y gwely y rhan fwyaf o ddyddiau pan "
                   "mae ei hwyliau'n isel iawn, a bod Ŵyn yn gofalu am Elin ac yn colli'r ysgol.",
                   view_person_id=ceri,
                   child_text="Weithiau mae Mam yn teimlo'n drist ac yn flinedig iawn ac yn aros "
                              "yn y gwely. Dim dy fai di ydy hynny. Mae oedolion yn helpu Mam i "
                              "deimlo'n well.")
    entry_cmds.add(store, fid, "complicating", "Cafodd budd-daliadau Ceri eu stopio ym mis Medi.",
                   view_person_id=ceri)
    entry_cmds.add(store, fid, "strength", "Mae Ŵyn ac Elin yn garedig wrth ei gilydd.",
                   view_person_id=taid)
    entry_cmds.add(store, fid, "existing_safety",
                   "Pan oedd Ceri'n teimlo'n isel iawn yn yr haf, ffoniodd hi Taid, a daeth e "
                   "draw i aros.", view_person_id=ceri)
    entry_cmds.add(store, fid, "goal", "Bydd Ŵyn yn mynd i'r ysgol bob dydd a bydd oedolyn yn "
                   "gofalu am Elin.", view_person_id=ceri)
    entry_cmds.add(store, fid, "next_step", "Gweld y meddyg teulu am sut mae Ceri'n teimlo.",
                   step_who="Ceri")
    wording = ("Mae 10 yn golygu bod bywyd gartref cystal ag y gall fod; mae 0 yn golygu ei fod "
               "ar ei waethaf.")
    for days, who, value, why in [(60, ceri, 3, "Roedd popeth yn ormod."),
                                  (5, ceri, 5, "Mae Taid yn helpu."),
                                  (5, "Gweithiwr cymorth cynnar", 5, "Gofynnodd Ceri am help.")]:
        kw = {"person_id": who} if isinstance(who, int) else {"scorer_label": who}
        score_cmds.record(store, fid, value, reasons=why, scale_wording=wording,
                          scored_at=_ago(days), **kw)
    voice_cmds.add_house_entry(store, fid, wyn, "worries", "Mam yn drist.")
    voice_cmds.add_house_entry(store, fid, wyn, "good_things", "Pêl-droed gyda Taid.")
    voice_cmds.add_house_entry(store, fid, wyn, "dreams",
                               "Mam yn dod i 'ngwylio i'n chwarae pêl-droed.")
    voice_cmds.add_house_entry(store, fid, elin, "good_things", "Fy nghath, Smwt.")
    visit_cmds.record(store, fid, _ago(5), attendance=[
        Attendance(ceri, present=True),
        Attendance(wyn, present=True, seen=True, seen_alone=True),
        Attendance(elin, present=False, seen=False, seen_alone=False)])
    plan_cmds.save(store, fid, PlanContent(
        rules=[PlanRule("Os na all Mam godi, bydd Ŵyn yn ffonio Taid, yn lle aros adref o'r "
                        "ysgol.", who_text="Ŵyn a Thaid", words_of="Ceri", for_children=True,
                        child_text="Os na all Mam godi, galli di ffonio Taid. Rwyt ti'n dal i "
                                   "fynd i'r ysgol.")],
        warning_signs=["Y llenni'n dal ar gau amser cinio"],
        if_not_working="Bydd Ceri neu Taid yn ffonio'r tîm cymorth cynnar.",
        review="Byddwn ni'n siarad amdano eto ar ôl hanner tymor."))
    chronology_cmds.add(store, fid, _ago(60).date(), "Gofynnodd Ceri i'r ysgol am help")
    for child in (wyn, elin):
        for person, word in ((ceri, "Mam"), (sion, "Dad"), (taid, "Taid")):
            people_cmds.set_child_relation(store, child, person, known_as=word,
                                           helper=person in (ceri, taid))
    people_cmds.set_child_relation(store, wyn, elin, known_as="fy chwaer Elin")
    people_cmds.set_child_relation(store, elin, wyn, known_as="fy mrawd Ŵyn")
    return fid


def _yilmaz(store: Store, name: str) -> int:
    fid = families.create_family(store, name, "child-protection")
    ayse = people_cmds.add(store, fid, "Ayşe Yılmaz", "adult", "Mum", age_years=26,
                         in_household=True)
    stefan = people_cmds.add(store, fid, "Ștefan Popescu", "child", "Son", age_years=3,
                           in_household=True)
    people_cmds.add(store, fid, "Mihai Popescu", "adult", "Ștefan's dad (no contact)",
                  age_years=30, confidential=True)
    refuge = people_cmds.add(store, fid, "Łukasz Wiśniewski", "professional", "Refuge key worker",
                           organisation="Women's refuge", closeness=2,
                           details_confidential=True)
    friend = people_cmds.add(store, fid, "Zofia Nowak", "network", "Friend", closeness=1,
                           network_role="Calls Ayşe every evening.")
    people_cmds.add_contact(store, ayse, "address", "Refuge, 22 Cedar Lane, Cardiff CF10 9ZZ",
                   label="where Ayşe and Ștefan live now", confidential=True)
    people_cmds.add_contact(store, ayse, "phone", "07700 900999", label="new mobile", confidential=True)
    people_cmds.add_contact(store, refuge, "phone", "029 2000 0999", label="refuge office",
                   confidential=True)
    people_cmds.add_contact(store, friend, "phone", "07700 900555", safe_to_share=True)
    entry_cmds.add(store, fid, "harm",
                   "Mihai hit Ayşe while she was holding Ștefan. Ștefan was not hurt.",
                   view_person_id=ayse)
    entry_cmds.add(store, fid, "worry",
                   entry_cmds.compose_worry("Ayşe", "Mihai finds where they live", "",
                                            "Ștefan could see his mum being hurt again"),
                   view_person_id=ayse,
                   child_text="Mummy wants you both to feel safe and happy in your new home.")
    entry_cmds.add(store, fid, "existing_safety",
                   "Ayşe left with Ștefan and went to the refuge the same night.",
                   view_label="Worker")
    entry_cmds.add(store, fid, "strength", "Ștefan is happy and playing at nursery.",
                   view_label="Nursery")
    score_cmds.record(store, fid, 6, person_id=ayse, reasons="We are safe here.",
                      scored_at=_ago(10))
    score_cmds.record(store, fid, 5, scorer_label="worker",
                      reasons="Ayşe acted fast to keep Ștefan safe.", scored_at=_ago(10))
    voice_cmds.add_house_entry(store, fid, stefan, "good_things", "Playing with the red car.")
    people_cmds.set_child_relation(store, stefan, ayse, known_as="Mummy", helper=True)
    people_cmds.set_child_relation(store, stefan, friend, known_as="Auntie Zofia", helper=True)
    people_cmds.set_child_relation(store, stefan, refuge, known_as="Łukasz")
    plan_cmds.save(store, fid, PlanContent(
        rules=[PlanRule("Ayşe will not tell anyone the address of where they live now.",
                          words_of="Ayşe")],
        warning_signs=["Someone asking at nursery about Ștefan"],
        if_not_working="Ayşe will call the police on 999 and tell her key worker.",
        review="We will look at the plan again when Ayşe moves to a new home."))
    # The worker's safety check: "refuge" in the map never goes into the family's copy.
    from .safety_check import decide
    decide(store, fid, "locating_word:refuge", "locating_word", "omit")
    return fid
