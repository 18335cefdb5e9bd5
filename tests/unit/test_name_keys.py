# Comments here name Azerbaijani and Russian letters, some of which look like Latin ones.
# ruff: noqa: RUF003
"""Name keys: the spellings of one name in Azerbaijani Latin, Azerbaijani Cyrillic,
Russian and its romanisations share keys; different names keep different ones."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.domain.names import (
    PATRONYMIC_MARKERS,
    latin_fold,
    patronymic_key,
    phonetic_key,
    similarity,
)


def listed(names: str) -> list[str]:
    return names.split()


def pairs(groups: list[tuple[str, ...]]) -> list[tuple[str, str]]:
    return [pair for group in groups for pair in combinations(group, 2)]


SAME_NAME: list[tuple[str, ...]] = [
    # Azerbaijani Latin, its ASCII forms, Russian, Russian passports, Azerbaijani Cyrillic.
    ("Məmmədova", "Mammadova", "Мамедова", "Mamedova", "Mammedova", "Маммадова", "Мәммәдова"),
    ("Məmmədova", "MƏMMƏDOVA", "məmmədova", "Mämmädova", "Mǝmmǝdova"),
    ("Əliyev", "Aliyev", "Алиев", "Aliev", "Әлијев", "ALIYEV", "Əliev"),
    ("Hüseynov", "Huseynov", "Гусейнов", "Guseynov", "Һүсејнов", "Guseinov", "Huseinov"),
    ("Qasımov", "Gasimov", "Гасымов", "Gasymov", "Qasimov", "QASIMOV"),
    ("Şükürov", "Shukurov", "Шукюров", "Шукуров", "Шүкүров", "Shukyurov", "Shukiurov", "Șükürov"),
    ("Cəfərov", "Jafarov", "Джафаров", "Dzhafarov", "Djafarov", "Cafarov", "Ҹәфәров"),
    ("Xəlilov", "Khalilov", "Халилов", "Xalilov", "Хәлилов"),
    ("Çingiz", "Chingiz", "Чингиз", "ÇİNGİZ", "Čingiz", "C\u0327ingiz"),
    ("Nərmin", "Narmin", "Нармин", "Нәрмин", "Nermin"),
    ("Aynur", "Айнур", "Ајнур", "Ainur", "AINUR"),
    ("Günay", "Gunay", "Гюнай", "Ҝүнај", "Gyunay", "GIUNAI"),
    ("İsmayılov", "Ismayilov", "Исмаилов", "Ismailov", "İSMAYILOV"),
    ("Hacıyev", "Hajiyev", "Гаджиев", "Gadzhiev", "Hadjiev"),
    ("Heydərov", "Haydarov", "Гейдаров", "Geydarov", "Heydarov"),
    ("Rəhimov", "Rahimov", "Рагимов", "Ragimov"),
    ("İbrahimov", "Ibragimov", "Ибрагимов", "Ibrahimov"),
    ("Yeganə", "Yegana", "Егана", "Egana"),
    ("Ülviyyə", "Ulviyya", "Ульвия", "Ulviya"),
    ("Könül", "Konul", "Кёнуль", "Kyonul"),
    ("Xədicə", "Khadija", "Хадиджа", "Xadica", "Khadidzha"),
    ("Musayev", "Musaev", "Мусаев", "MUSAEV"),
    ("Kərimov", "Karimov", "Керимов", "Kerimov"),
    ("Bağırov", "Bagirov", "Багиров", "Baghirov"),
    ("Yusif", "Юсиф", "Јусиф"),
    ("Xəyyam", "Хайям", "Khayyam"),
    ("Məryəm", "Maryam", "Марьям"),
    ("Zeynalov", "Зейналов", "Zeinalov"),
    ("Süleymanov", "Сулейманов", "Suleymanov"),
    ("Əli Ağa", "Əli-Ağa", "Али-Ага", "Ali Agha"),
]
"""Spellings that share both keys."""

SAME_PHONETIC_KEY: list[tuple[str, ...]] = [
    # Russian к for q, у for ı: not the same letters, realistically the same name.
    ("Qasımov", "Касумов", "Kasumov", "Kasimov"),
    ("Quliyev", "Кулиев", "Guliyev", "Kuliev", "Гулиев"),
    ("Qurbanov", "Курбанов", "Gurbanov", "Kurbanov"),
    # Russian х for h inside a word, and h for x in Turkish-style ASCII.
    ("Şahin", "Шахин", "Shahin"),
    ("Əhmədov", "Ахмедов", "Akhmedov", "Ahmadov"),
    ("Rəhimov", "Рахимов", "Rakhimov"),
    ("Zəhra", "Захра", "Zahra"),
    ("Ceyhun", "Джейхун", "Jeyhun", "Dzheykhun"),
    ("Həsən", "Хасан", "Hasan", "Гасан", "Khasan"),
    ("Xəlil", "Halil", "Khalil", "Халил"),
    ("Sadıqov", "Садыхов", "Sadykhov", "Sadigov", "Садыгов"),
    ("Əsgərov", "Аскеров", "Askerov", "Asgarov"),
    ("Tofiq", "Тофик", "Tofik"),
    # Cedillas stripped without adding an h.
    ("Şükürov", "Sukurov"),
    ("Çingiz", "Cingiz"),
    # A final consonant devoiced.
    ("Murad", "Murat", "Мурат"),
    # Arabic and Turkish u for the Azerbaijani i after the first vowel.
    ("Yusif", "Yusuf", "Юсуф"),
]
"""Spellings that share the phonetic key (their folds may differ)."""

DIFFERENT_NAMES: list[tuple[str, str]] = [
    ("Əliyev", "Əlizadə"),
    ("Məmmədova", "Məmmədov"),  # the feminine ending is kept (the module's docstring)
    ("Hüseynova", "Hüseynov"),
    ("Həsənov", "Hüseynov"),
    ("Aynur", "Aygün"),
    ("Aygün", "Aygül"),
    ("Kamal", "Kamil"),
    ("Tural", "Toral"),
    ("Elmir", "Elmar"),
    ("Rəşad", "Rəşid"),
    ("Leyla", "Lalə"),
    ("Sevinc", "Sevil"),
    ("Aysel", "Aysu"),
    ("Quliyev", "Əliyev"),
    ("Qasımov", "Həsənov"),
    ("Xəlilov", "Cəlilov"),
    ("Şahin", "Şamil"),
    ("Nərmin", "Nərgiz"),
    ("Əli", "Vəli"),
    ("Kərimov", "Rəhimov"),
    ("Ülkər", "İlqar"),
    ("Anar", "Aynur"),
]
"""Names that share no key."""

COMMON_GIVEN_NAMES = listed(
    "Əli Vəli Həsən Hüseyn Məmməd Əhməd Rəşad Rəşid Elçin Elvin Elmir Elnur Emin Orxan "
    "Tural Toral Ramil Rəmzi Kamal Kamil Samir Səməd Nicat Fərid Fuad Cavid Ceyhun Murad "
    "Nihad Anar Aynur Aygün Aytən Aysel Aysu Günay Gülnar Leyla Lalə Nərmin Nigar Nərgiz "
    "Sevinc Sevil Səbinə Fidan Könül Ülviyyə Zəhra Zeynəb Xədicə Fatimə Aişə Mədinə İlahə "
    "Aydan Aygül İlqar İlkin Vüqar Tofiq Rafiq Şahin Şamil Kənan Kərim Rəhim Əziz Nurlan "
    "Nazim Namiq Zaur Zair Yusif Yaşar İsmayıl İbrahim Musa İsa Rza Cəlil Xəlil Səbuhi "
    "Tahir Zahid Vaqif Vüsal Vüsalə Gülşən Gülər Şəbnəm Günel Ülkər Türkan Aytac Arzu "
    "Samirə Kamilə Şəfiqə Elmira Almira Amin Ayan Ayla Aylin Lamiyə Nurlana Məryəm Rüstəm "
    "Rəsul Rasim Fəxri Mehdi Mahir Məhərrəm Elşən Elşad Elxan Ruslan Tərlan Pərvin Pərviz "
    "Səid Sadıq Qasım Qafar Cəfər Sabir Zakir Zəfər Mübariz Nurəddin Ayxan Ayşən Xəyal "
    "Toğrul Ziya Rəna Solmaz Sona Nuray"
)

COMMON_FAMILY_NAMES = listed(
    "Məmmədov Məmmədova Əliyev Əliyeva Həsənov Hüseynov Quliyev Qasımov Rəhimov İsmayılov "
    "Abbasov Bağırov Cəfərov Xəlilov Şükürov Əhmədov Mustafayev Orucov Nəsirov Novruzov "
    "Kərimov Səfərov Vəliyev Əsgərov Rzayev Məmmədli Hacıyev Sadıqov Əlizadə Məmmədzadə "
    "Ağayev Musayev İbrahimov Heydərov Zeynalov Babayev Paşayev Tağıyev Hümbətov Salmanov "
    "Süleymanov Yusifov Cəlilov Həsənli Qurbanov Hüseynli Nəbiyev Əsədov Əzizov Qafarov "
    "Qədirov Həmidov Şirinov Bayramov Mirzəyev Rüstəmov Kazımov Sultanov Tahirov Zahidov "
    "İsayev Məlikov Nağıyev Qəhrəmanov Axundov Əkbərov Ələkbərov Qəhrəmanova Hacıyeva"
)

KNOWN_COLLISIONS = {
    frozenset({"Emin", "Amin"}),  # e is a: ə is written e as often as a
    frozenset({"Elmira", "Almira"}),
    frozenset({"Zaur", "Zair"}),  # u is i after the first vowel: ı is у or ы in Russian
}
"""Distinct names among the common ones that share a phonetic key, knowingly."""

FOLDS = [
    ("Məmmədova", "mamadova"),
    ("Hüseynov", "gusainov"),
    ("Qasımov", "gasimov"),
    ("Xəlilov", "xalilov"),
    ("Cəfərov", "jafarov"),
    ("Şükürov", "shukurov"),
    ("Çingiz", "chingiz"),
    ("Aynur", "ainur"),
    ("Günay", "gunai"),
    ("Əliyev", "aliav"),
    ("Yusif", "yusif"),
    ("Xəyyam", "xayam"),
    # Case, decomposed and unknown diacritics, separators, apostrophes, invisible marks.
    ("İSMAYIL", "ismail"),
    ("S\u0327u\u0308ku\u0308rov", "shukurov"),
    ("José", "josa"),
    ("  Hüseynova–Əliyeva ", "gusainova aliava"),
    ("Əli_Ağa", "ali aga"),
    ("Mə'mun", "mamun"),
    ("Məʼmun", "mamun"),
    ("Qası\u00admov", "gasimov"),
    ("Mamedova (Алиева)", "mamadova aliava"),
    ("", ""),
    ("-' ", ""),
]
"""Exact folds: the alphabet of the module's table, and what happens to the rest."""

PATRONYMICS: list[tuple[tuple[str, str | None], str, tuple[str, ...]]] = [
    (
        ("sakin", "f"),
        "Şahin",
        (
            "Şahin qızı",
            "Шахин кызы",
            "Shahin gizi",
            "Шахиновна",
            "Shahinovna",
            "Şahin qizi",
            "Shahin kyzy",
            "Шаһин гызы",
            "ŞAHİN QIZI",
            "Şahin-qızı",
        ),
    ),
    (
        ("ali", "m"),
        "Əli",
        ("Əli oğlu", "Али оглы", "Ali oglu", "Алиевич", "Aliyevich", "Alievich", "Әли оғлу"),
    ),
    (("ali", "f"), "Əli", ("Əli qızı", "Алиевна", "Aliyevna", "Ali gizi")),
    (("mamat", "m"), "Məmməd", ("Məmməd oğlu", "Мамедович", "Mamedovich", "Мамед оглы")),
    (("kusain", "m"), "Hüseyn", ("Hüseyn oğlu", "Гусейнович", "Guseynovich", "Гусейн оглу")),
    (("musa", "f"), "Musa", ("Musa qızı", "Мусаевна", "Musayevna", "Musa kizi")),
    (("tofik", "f"), "Tofiq", ("Tofiq qızı", "Тофиковна", "Tofik gizi")),
    (("aliaka", "m"), "Əli Ağa", ("Əli Ağa oğlu", "Али-Ага оглы")),
    (("sakin", None), "Şahin", ("Şahin", "Шахин")),
    (("", None), "", ("", "  ")),
]
"""(key, father's given name, spellings of the patronymic)."""

MARKERS = [
    *(("f", spelling) for spelling in ("qızı", "кызы", "гызы", "qizi", "gizi", "kizi", "kyzy")),
    *(("m", spelling) for spelling in ("oğlu", "оглы", "оглу", "oglu", "ogly", "ogli")),
]

NEARER: list[tuple[str, str, str]] = [
    # (name, a typo or variant of it, an unrelated name)
    ("Məmmədova", "Məmmədona", "Hüseynova"),
    ("Məmmədova", "Mammadvoa", "Məmmədli"),
    ("Hüseynov", "Hüsyenov", "Həsənov"),
    ("Aynur", "Aynru", "Aygün"),
    ("Qasımov", "Qasmov", "Kərimov"),
    ("Nərmin", "Nərmim", "Nərgiz"),
    ("Əliyev", "Əliyv", "Əlizadə"),
    ("Qasımov", "Касумов", "Ахмедов"),
    ("Mehdiyev", "Мехтиев", "Məmmədov"),
    ("Şükürov", "Şükrov", "Şirinov"),
]
"""Similarity ranks a typo or a variant that shares no key above another name."""


@pytest.mark.parametrize(("a", "b"), pairs(SAME_NAME))
def test_spellings_of_one_name_share_both_keys(a: str, b: str) -> None:
    assert latin_fold(a) == latin_fold(b)
    assert phonetic_key(a) == phonetic_key(b)
    assert similarity(a, b) == 1.0


@pytest.mark.parametrize(("a", "b"), pairs(SAME_PHONETIC_KEY))
def test_variants_share_the_phonetic_key(a: str, b: str) -> None:
    assert phonetic_key(a) == phonetic_key(b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT_NAMES)
def test_different_names_share_no_key(a: str, b: str) -> None:
    assert phonetic_key(a) != phonetic_key(b)
    assert latin_fold(a) != latin_fold(b)


@pytest.mark.parametrize(
    "names", [COMMON_GIVEN_NAMES, COMMON_FAMILY_NAMES], ids=["given", "family"]
)
def test_common_names_collide_only_where_documented(names: list[str]) -> None:
    by_key: dict[str, set[str]] = defaultdict(set)
    for name in names:
        by_key[phonetic_key(name)].add(name)
    collisions = {frozenset(group) for group in by_key.values() if len(group) > 1}
    assert collisions == {pair for pair in KNOWN_COLLISIONS if pair <= set(names)}


@pytest.mark.parametrize(("name", "folded"), FOLDS)
def test_fold(name: str, folded: str) -> None:
    assert latin_fold(name) == folded


@pytest.mark.parametrize(
    ("expected", "father", "spelling"),
    [(key, father, spelling) for key, father, spellings in PATRONYMICS for spelling in spellings],
)
def test_patronymic_key(expected: tuple[str, str | None], father: str, spelling: str) -> None:
    assert patronymic_key(spelling) == expected
    assert expected[0] == phonetic_key(father)


@pytest.mark.parametrize(("gender", "spelling"), MARKERS)
def test_marker_spellings(gender: str, spelling: str) -> None:
    assert PATRONYMIC_MARKERS[phonetic_key(spelling)] == gender
    assert patronymic_key(f"Vüqar {spelling}") == (phonetic_key("Vüqar"), gender)


@pytest.mark.parametrize(
    ("a", "b"), [("Əli oğlu", "Əli qızı"), ("Əli oğlu", "Vəli oğlu"), ("Şahin qızı", "Şamil qızı")]
)
def test_different_patronymics(a: str, b: str) -> None:
    assert patronymic_key(a) != patronymic_key(b)


@pytest.mark.parametrize(("name", "near", "far"), NEARER)
def test_similarity_ranks_a_typo_above_another_name(name: str, near: str, far: str) -> None:
    assert latin_fold(near) != latin_fold(name)
    assert similarity(name, near) > similarity(name, far)
    assert similarity(name, near) >= 0.8


@pytest.mark.parametrize(("a", "b"), [("", ""), ("", "Əli"), ("'", "Əli")])
def test_similarity_to_nothing_is_zero(a: str, b: str) -> None:
    assert similarity(a, b) == 0.0


LETTERS = (
    "abcçdeəfgğhxıijkqlmnoöprsştuüvyzw"
    "ABCÇDEƏFGĞHXIİJKQLMNOÖPRSŞTUÜVYZ"
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
    "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
    "әғҝһөүҹјӘҒҜҺӨҮҸЈ"
    " -'’ʼ"
)
names = st.text(alphabet=LETTERS, max_size=24)


@given(names)
def test_folding_is_idempotent_and_ascii(name: str) -> None:
    folded = latin_fold(name)
    assert latin_fold(folded) == folded
    assert phonetic_key(folded) == phonetic_key(name)
    assert folded == " ".join(folded.split())
    assert all(character == " " or "a" <= character <= "z" for character in folded)


@given(names, names)
def test_similarity_is_symmetric_and_bounded(a: str, b: str) -> None:
    assert 0.0 <= similarity(a, b) == similarity(b, a) <= 1.0
