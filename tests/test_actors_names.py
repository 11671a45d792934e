"""Name normalisation and transliteration skeletons for actor names."""

from __future__ import annotations

import pytest

from warlog.actors.names import is_acronym, normalise, person_key, skeleton, slug


def same(a: str, b: str) -> bool:
    return skeleton(normalise(a)) == skeleton(normalise(b))


@pytest.mark.parametrize(("a", "b"), [
    ("Qods Force", "Quds Force"),
    ("Qais Qazali", "Qais al-Khazali"),
    ("Layith", "Laith"),
    ("Hezbollah", "Hizballah"),
    ("Hizbollah", "Hezbollah"),
    ("Hizbullah", "Hezbollah"),
    ("Mahmud", "Mahmoud"),
    ("Musa", "Mussa"),
    ("Ali Mussa Daqduq", "Ali Musa Daqduq"),
    ("Muqtada al Sadr", "Moqtada al-Sadr"),
    ("Multinational Forces Iraq", "Multi-National Force – Iraq"),
    ("Rouhani", "Rowhani"),
    ("Abdul-Malik al-Houthi", "Abd al-Malik al-Houthi"),
    ("Osama bin Laden", "Usama ibn Ladin"),
    ("Azhar al Dulaimi", "Azhar al-Dulaymi"),
    ("Dhulfiqar", "Zulfiqar"),
])
def test_transliteration_variants_share_a_skeleton(a: str, b: str) -> None:
    assert same(a, b)


@pytest.mark.parametrize(("a", "b"), [
    ("Hamas", "Hama"),
    ("Iran", "Iraq"),
    ("Iraq", "Iraqi"),
    ("Sadr", "Sadri"),
    ("Quds Force", "Quds Brigades"),
    ("Mali", "Malawi"),
    ("Niger", "Nigeria"),
    ("Ali", "Alawi"),
])
def test_distinct_names_do_not_collide(a: str, b: str) -> None:
    assert normalise(a) != normalise(b)
    assert not same(a, b)


@pytest.mark.parametrize(("raw", "key"), [
    ("Muqtada al Sadr", "muqtada sadr"),
    ("Moqtada al-Sadr", "moqtada sadr"),
    ("The Iraqi police", "iraqi police"),
    ("U.S.", "us"),
    ("Asa'ib Ahl al-Haq", "asaib ahl haq"),
    ("Asa’ib Ahl al‑Haq", "asaib ahl haq"),
    ("Multi-National Force – Iraq", "multinational force iraq"),
    ("IRGC-QF", "irgcqf"),
    ("Harkat-ul-Mujahideen", "harkat mujahideen"),
    ("Ansar as-Sunna", "ansar sunna"),
    ("Al Kut", "kut"),
    ("Çatalca", "catalca"),
    ("Al & Qaeda", "and qaeda"),
    ("...", ""),
])
def test_normalise(raw: str, key: str) -> None:
    assert normalise(raw) == key


def test_person_key_drops_titles_but_never_everything() -> None:
    assert person_key("General David Petraeus") == "david petraeus"
    assert person_key("Grand Ayatollah Ali al-Sistani") == "ali sistani"
    assert person_key("Lt. Gen. Ray Odierno") == "ray odierno"
    assert person_key("Sheikh Qais al-Khazali") == "qais khazali"
    assert person_key("General") == "general"
    assert normalise("General Command") == "general command"  # organisations keep the word


def test_acronyms_and_slugs() -> None:
    assert is_acronym("MNF-I") and is_acronym("U.S.") and is_acronym("JAM")
    assert not is_acronym("Jam") and not is_acronym("Mahdi Army") and not is_acronym("A")
    assert slug(normalise("Asa'ib Ahl al-Haq")) == "asaib-ahl-haq"
    assert slug("") == "unnamed"
