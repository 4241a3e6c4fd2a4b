"""Country texts as HR files and lists write them, to ISO codes; a bare Korea stays unknown."""

from __future__ import annotations

import pytest

from laborscreen.countries import is_ambiguous, to_iso


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("КНДР", "KP"),
        ("Корейская Народно-Демократическая Республика", "KP"),
        ("Korea, DPRK", "KP"),
        ("Korea, North", "KP"),
        ("Korean (DPRK)", "KP"),
        ("Korea (North)", "KP"),
        ("North Korean", "KP"),
        ("PRK", "KP"),
        ("408", "KP"),
        ("Республика Корея", "KR"),
        ("Korea, Rep.", "KR"),
        ("South Korean", "KR"),
        ("KOR", "KR"),
        ("Россия", "RU"),
        ("РФ", "RU"),
        ("Узбекистан", "UZ"),
        ("Кыргызская Республика", "KG"),
        ("Tajik", "TJ"),
        ("The Gambia", "GM"),
        ("Palestinian", "PS"),
        ("Germany", "DE"),
        # a citizen of, in the cases and words HR records use
        ("гражданин КНДР", "KP"),
        ("гражданка Узбекистана", "UZ"),
        ("Гражданство: Таджикистан", "TJ"),
        ("гр. России", "RU"),
        ("гражданин Республики Корея", "KR"),
        ("citizen of Kyrgyzstan", "KG"),
        ("узбек", "UZ"),
        ("N. Korea", "KP"),
    ],
)
def test_country_texts(text: str, code: str) -> None:
    assert to_iso(text) == code


@pytest.mark.parametrize(
    "text",
    ["Korea", "Корея", " korea ", "Korean", "кореец", "гражданин Кореи", "", None, "Atlantis"],
)
def test_unknown_or_ambiguous_gives_none(text: str | None) -> None:
    assert to_iso(text) is None


def test_bare_korea_is_ambiguous() -> None:
    assert is_ambiguous("Корея") and is_ambiguous("Korea") and not is_ambiguous("КНДР")
