"""Names across scripts and romanisations, as literal examples."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from laborscreen.names import analyze, compare_names
from laborscreen.names.phonetic import phonetic_key
from laborscreen.names.translit import to_latin


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ким Чен Ын", "Kim Jong Un"),
        ("김정은", "Kim Jong Un"),
        ("Gim Jeong-eun", "Kim Jong Un"),
        ("Ра Кён Су", "RA KY'ONG-SU"),
        ("Ким Ёнчоль", "KIM, Yong Chol"),
        ("Ким Ён-Чоль", "KIM, Yong Chol"),
        ("Yong Chol Kim", "KIM, Yong Chol"),
        ("Kim Young Chul", "KIM, Yong Chol"),
        ("Ли Су Ён", "Ri Su Yong"),
        ("Цой Мён Хо", "Choe Myong Ho"),
        ("Чхве Мён Хо", "Choe Myong Ho"),
        ("Пак Ён Сик", "PAK Yong Sik"),
        ("Ким Ир Сен", "Kim Il Sung"),
    ],
)
def test_korean_renderings_meet(a: str, b: str) -> None:
    assert compare_names(analyze(a), analyze(b)).score >= 0.9


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ким Сергей Владимирович", "KIM, Yong Chol"),  # Koryo-saram: surname only
        ("Kim Song Il", "Kim Yong Chol"),  # a different given name
        ("Pak Chol", "Pak Yong Sik"),
        ("Иванов Иван", "Petrov Ivan"),
        ("Olaf Scholz", "Octavian Scholz"),
    ],
)
def test_different_people_stay_apart(a: str, b: str) -> None:
    assert compare_names(analyze(a), analyze(b)).score < 0.7


def test_patronymic_missing_from_list_costs_little() -> None:
    score = compare_names(analyze("Иванов Сергей Петрович"), analyze("IVANOV, Sergey")).score
    assert score >= 0.85


def test_company_legal_forms_in_two_languages() -> None:
    a = analyze("ООО «Мокран»", is_org=True)
    b = analyze("MOKRAN LLC", is_org=True)
    assert a.legal_form == "ooo" and b.legal_form == "llc"
    assert compare_names(a, b).score == 1.0


def test_transliteration_reads_kontsevich_digraphs() -> None:
    assert to_latin("Чхве") == "chve"
    assert to_latin("Пхеньян") == "penyan"
    assert to_latin("RA KY'ONG-SU") == "ra kyong-su"


def test_phonetic_key_folds_romanisation_systems() -> None:
    assert phonetic_key("kyong") == phonetic_key("gyeong") == phonetic_key(to_latin("кён"))
    assert phonetic_key("chol") == phonetic_key("cheol") == phonetic_key("chul")


@given(st.text(min_size=1, max_size=30))
def test_a_name_matches_itself(text: str) -> None:
    form = analyze(text)
    if form.tokens:
        assert compare_names(form, form).score == 1.0


@given(st.text(max_size=20))
def test_phonetic_key_uses_only_the_folded_alphabet(text: str) -> None:
    for token in to_latin(text).split():
        key = phonetic_key("".join(ch for ch in token if ch.isalnum()))
        assert set(key) <= set("aioykptcslmnhv0123456789"), (token, key)


@given(st.text(max_size=20))
def test_analysing_twice_gives_the_same_form(text: str) -> None:
    assert analyze(text) == analyze(text)
    once = analyze(text).text
    assert analyze(once).text == once


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("MOKRAN L.L.C.", "MOKRAN LLC"),
        ("HSBC Holdings p.l.c.", "HSBC Holdings plc"),
        ("FABERLIC EUROPE Sp. z o.o.", "Faberlic Europe"),
        ("L.X.C. Aviation", "LXC Aviation"),
    ],
)
def test_dotted_and_spaced_legal_forms_and_acronyms(a: str, b: str) -> None:
    assert compare_names(analyze(a, is_org=True), analyze(b, is_org=True)).score == 1.0


def test_korean_names_with_different_surnames_stay_apart() -> None:
    # they share two syllables, but Jong and Yun are different families
    assert compare_names(analyze("Jong Yun Chin"), analyze("YUN, Ho-Chin")).score <= 0.6


def test_loose_korean_key_ignores_where_syllables_part_but_keeps_h() -> None:
    from laborscreen.names.phonetic import loose_key

    assert loose_key(to_latin("Мёнгук")) == loose_key("myongguk")
    assert loose_key(to_latin("Сокхва")) == loose_key("sokhwa")
    assert loose_key("hyon") != loose_key("yon")


def test_titles_are_dropped_but_not_korean_syllables() -> None:
    assert analyze("Dr. Ali Akbar Velayati").text == "ali akbar velayati"
    assert analyze("General Kim Yong Chol").text == "kim yong chol"
    assert analyze("Ра Ген Су").text == "ra gen su"  # Gen is a syllable here


@pytest.mark.parametrize(
    ("cyrillic", "english"),
    [
        ("Министри оф Стейт Секьюрити", "ministry of state security"),
        ("Корея Нэшнл Иншуранс Компани", "korea national insurance"),
        ("Банк оф Ист Ленд", "bank of east land"),
        ("ООО «Трейд-Центр»", "trade center"),
    ],
)
def test_company_words_written_by_ear_are_read_back_in_english(cyrillic: str, english: str) -> None:
    assert analyze(cyrillic, True).text == english
    assert analyze(cyrillic, True).script == "Cyrl"


def test_people_and_other_words_are_not_read_back_as_english() -> None:
    # a person's name is not a company name: Ист and Стар stay as written
    assert analyze("Ист Стар", False).text == "ist star"
    # Russian words are no English by ear
    assert analyze("ООО Северный путь", True).text == "severny put"


@pytest.mark.parametrize(
    ("name", "forms"),
    [
        ("OAO JSC CHEMCOMPOSITE", "oao jsc"),
        ("Gulf Gate Shipping Co. LLC", "co llc"),
        ("GCH & SONS CO., INC.", "co inc"),
        ("ООО «Ромашка» ЛТД", "ooo ltd"),
    ],
)
def test_legal_forms_are_reported_in_the_order_the_name_has_them(name: str, forms: str) -> None:
    assert analyze(name, True).legal_form == forms


def test_korean_syllable_in_a_cyrillic_company_name_without_its_glide() -> None:
    # ё typed as е: Коре for Корё (Koryo)
    korean = compare_names(analyze("Коре Банк", True), analyze("KORYO BANK", True))
    assert korean.score >= 0.7
    # the same words in one script stay held to their spelling
    assert compare_names(analyze("Kore Bank", True), analyze("KORYO BANK", True)).score < 0.7


@pytest.mark.parametrize(
    ("initialled", "full"),
    [
        ("V. Putin", "Vladimir Putin"),  # V is an initial here, not the numeral 5
        ("Ivanov I.", "IVANOV, Igor"),
        ("Хиккенлоопер Джохн-В.", "John W. Hickenlooper"),  # В is W's Cyrillic letter
        ("Ivanov K.", "IVANOV, Constantin"),
    ],
)
def test_initials_pair_with_the_full_name(initialled: str, full: str) -> None:
    assert compare_names(analyze(initialled), analyze(full)).score >= 0.7


def test_numerals_still_disagree() -> None:
    fund = compare_names(
        analyze("Carlyle Partners V L.P.", True), analyze("Carlyle Partners VI L.P.", True)
    )
    assert fund.score < 0.7
