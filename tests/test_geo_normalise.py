"""Name normalisation shared by the gazetteer index and its look-ups."""

from __future__ import annotations

import pytest

from warlog.geo.normalise import fold, is_latin, normalise, skeleton, strip_type_words


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Baghdad", "baghdad"),
        ("Al Kut", "kut"),
        ("Al-Kut", "kut"),
        ("Kut-al-Imarah", "kut imarah"),
        ("Tal al-Afar", "tal afar"),
        ("An Nu‘mānīyah", "numaniyah"),
        ("An Najaf", "najaf"),
        ("As Sulaymaniyah", "sulaymaniyah"),
        ("An Loc", "an loc"),  # "an" only drops before an n
        ("The Hague", "hague"),
        ("Karbala'", "karbala"),
        ("U.S.", "us"),
        ("São Paulo", "sao paulo"),
        ("Wasit province", "wasit province"),
        ("  ", ""),
    ],
)
def test_normalise(name: str, key: str) -> None:
    assert normalise(name) == key


def test_fold_drops_apostrophes_and_dots() -> None:
    assert fold("Nu'maniyah") == "numaniyah"
    assert fold("W.Va.") == "wva"
    assert fold("Rapides-Parish!") == "rapides parish"


@pytest.mark.parametrize(
    ("key", "left", "word", "hint"),
    [
        ("wasit province", "wasit", "province", "admin1"),
        ("wasit governorate", "wasit", "governorate", "admin1"),
        ("laurel county", "laurel", "county", "admin2"),
        ("city of london", "london", "city", "city"),
        ("muhafazat wasit", "wasit", "muhafazat", "admin1"),
        ("kut region", "kut", "region", None),
        ("baghdad", "baghdad", None, None),
        ("province", "province", None, None),
    ],
)
def test_strip_type_words(key: str, left: str, word: str | None, hint: str | None) -> None:
    st = strip_type_words(key)
    assert (st.key, st.word, st.hint) == (left, word, hint)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Dhi Qhar", "Dhī Qār"),
        ("Basrah", "Basra"),
        ("Numaniyah", "Nu'maniyah"),
        ("Fallujah", "Falluja"),
        ("Khan Shaykhun", "Khan Sheikhoun"),
        ("Bayt Lahiya", "Beit Lahia"),
    ],
)
def test_skeleton_joins_transliterations(a: str, b: str) -> None:
    assert skeleton(normalise(a)) == skeleton(normalise(b))


def test_skeleton_keeps_distinct_names_apart() -> None:
    assert skeleton(normalise("Dhi Qar")) != skeleton(normalise("Dakar"))
    assert skeleton(normalise("Kabala")) != skeleton(normalise("Karbala"))


def test_is_latin() -> None:
    assert is_latin("Wāsiţ")
    assert is_latin("Nuevo León")
    assert not is_latin("بغداد")
    assert not is_latin("Багдад")
