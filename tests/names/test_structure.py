"""Split and run-together words, and the order of an Arabic kinship chain."""

from __future__ import annotations

import pytest

from laborscreen.names import analyze, compare_names
from laborscreen.names.structure import FATHER_SON_CAP, join_split_words


@pytest.mark.parametrize(
    ("keyed", "listed"),
    [
        ("Nikolai Patr ushev", "Nikolai Platonovich Patrushev"),
        ("Nikolai Plat Ono Vich Patrushev", "Nikolai Platonovich Patrushev"),
        ("JanDaniel Bothma", "Jan Daniel Bothma"),
        ("Иванов Сер гей", "IVANOV, Sergey"),
    ],
)
def test_words_split_or_run_together_still_pair(keyed: str, listed: str) -> None:
    assert compare_names(analyze(keyed), analyze(listed)).score >= 0.85


def test_only_words_the_other_name_has_are_joined() -> None:
    q, c = join_split_words(analyze("Ali Hassan Omar"), analyze("Alihassan Omar"))
    assert q.text == "alihassan omar"
    assert c.text == "alihassan omar"
    # initials are not glued into a word, nor are words joined for nothing
    q, _ = join_split_words(analyze("A B Kim"), analyze("Ab Kim"))
    assert q.text == "a b kim"
    untouched = analyze("Sergei Lavrov")
    assert join_split_words(untouched, analyze("Sergey Lavrov"))[0] is untouched


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("SALMAN BIN MUHAMMAD AL-RAWI", "MUHAMMAD BIN SALMAN AL-RAWI"),
        ("Ahmad ibn Hasan al-Ubaidi", "Hasan bin Ahmad al-Ubaidi"),
    ],
)
def test_father_and_son_are_not_one_person(one: str, other: str) -> None:
    assert compare_names(analyze(one), analyze(other)).score <= FATHER_SON_CAP


def test_the_same_kinship_chain_in_other_spellings_still_matches() -> None:
    assert compare_names(analyze("Usama ibn Ladin"), analyze("Osama bin Laden")).score >= 0.7
    assert compare_names(analyze("Bashar el-Assad"), analyze("Bashar al-Assad")).score == 1.0


def test_digits_inside_a_word_are_read_as_the_letters_they_look_like() -> None:
    assert analyze("Ig0r Sech1n").text == "igor sechin"
    assert analyze("I9or Sech1n").text == "igor sechin"
    # numbers and codes that start with a digit are left alone
    assert analyze("Brigade 44", True).text == "brigade 44"
    assert analyze("3M", True).text == "3m"
