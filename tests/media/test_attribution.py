"""Attribution cues of single sentences, English and Russian, outer source first."""

from __future__ import annotations

import pytest

from laborscreen.media.attribution import attribute
from laborscreen.media.text import detect_language, sentences, tokens


def chain(sentence: str, language: str = "en") -> list[tuple[str, bool]]:
    return [(s.name, s.named) for s in attribute(sentence, language).sources]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The RTVI broadcaster reported that unidentified Telegram channels claimed "
            "“hundreds” of workers were hired.",
            [("RTVI", True), ("unidentified Telegram channels", False)],
        ),
        (
            '"We comply with the rules in every single case," the Moskva news agency quoted '
            "Wildberries' press service as saying Tuesday.",
            [("Moskva", True), ("Wildberries press service", True)],
        ),
        (
            "Meanwhile, Russian Foreign Ministry data shows that most visas were student visas, "
            "according to the Mozhem Obyasnit Telegram news channel.",
            [("Mozhem Obyasnit", True), ("Russian Foreign Ministry", True)],
        ),
        (
            "Two videos appeared in the group chat for employees at the warehouse in Elektrostal, "
            "according to the Ostorozhno Novosti Telegram news channel.",
            [
                ("Ostorozhno Novosti", True),
                ("group chat for employees at the warehouse in Elektrostal", True),
            ],
        ),
        (
            "A video released by city authorities in Vladivostok claimed to show workers at a "
            "site, South Korean media reported Tuesday.",
            [("South Korean media", False), ("city authorities in Vladivostok", True)],
        ),
        (
            "Acme Logistics said, citing anonymous sources, that it had hired no one.",
            [("Acme Logistics", True), ("anonymous sources", False)],
        ),
        ('"It is not true at all, and we deny it," said Anna Example.', [("Anna Example", True)]),
        ("Wildberries was accused of hiring workers.", []),
        ("The warehouse employs several thousand people.", []),
    ],
)
def test_english_chains(sentence: str, expected: list[tuple[str, bool]]) -> None:
    assert chain(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Об этом сообщает РБК со ссылкой на источники в компании.",
            [("РБК", True), ("источники в компании", False)],
        ),
        (
            "По данным МИД России, гражданам КНДР выдали более 9 тысяч виз.",
            [("МИД России", True)],
        ),
        (
            "Видео появилось в чате сотрудников склада, сообщает "
            "телеграм-канал «Осторожно, новости».",
            [("Осторожно, новости", True), ("чате сотрудников склада", True)],
        ),
        (
            "Агентство «Москва» со ссылкой на пресс-службу компании сообщило, что всё законно.",
            [("Москва", True), ("пресс-службу компании", True)],
        ),
        (
            "Неназванные источники утверждают, что на склад наняли сотни граждан КНДР.",
            [("Неназванные источники", False)],
        ),
    ],
)
def test_russian_chains(sentence: str, expected: list[tuple[str, bool]]) -> None:
    assert chain(sentence, "ru") == expected


def test_origin_not_found_self_naming_and_background() -> None:
    found = attribute(
        "The Moscow Times was unable to find where those claims had originated.", "en"
    )
    assert found.origin_not_found and found.self_named == "Moscow Times"
    assert attribute("Редакции не удалось установить, откуда эти сведения.", "ru").origin_not_found
    norm = attribute(
        "A 2017 UN Security Council resolution bans North Korean workers abroad.", "en"
    )
    assert norm.background and not norm.sources
    assert not attribute(
        "Russia's Foreign Ministry said it was unable to send them.", "en"
    ).self_named


def test_language_sentences_and_tokens() -> None:
    assert detect_language("МИД России сообщил о Wildberries и RTVI.") == "ru"
    assert (
        detect_language("The channel «Осторожно, новости» said so, several reporters wrote.")
        == "en"
    )
    text = "Mr. Kim said so. The U.S. agreed.\nNew line here"
    assert [s.text for s in sentences(text, "en")] == [
        "Mr. Kim said so.",
        "The U.S. agreed.",
        "New line here",
    ]
    kinds = [
        (t.text, t.kind)
        for t in tokens('«Можем объяснить» wrote: "one two three four five six" @chan')
    ]
    assert kinds == [
        ("Можем объяснить", "name"),
        ("wrote", "word"),
        (":", "punct"),
        ("one two three four five six", "quote"),
        ("@chan", "name"),
    ]
