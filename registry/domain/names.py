# The tables below hold Azerbaijani and Russian letters, some of which look like Latin ones.
# ruff: noqa: RUF001, RUF002, RUF003
"""Comparable keys for people's names, whatever script or spelling a record used.

One child's name reaches the registry in several spellings: the Azerbaijani Latin
alphabet of the birth certificate (Məmmədova), the Russian of a school or clinic
record (Мамедова), its romanisation in a Russian passport (Mamedova, or since 2013
the ICAO form), the ASCII of a keyboard without Azerbaijani letters (Mammadova,
Mammedova), and on old papers the Azerbaijani Cyrillic alphabet of 1958-1991
(Мәммәдова). Search by name and duplicate detection compare keys built here, never
the text as typed. Nothing here touches the database: these are pure functions.

`latin_fold` rewrites a name in a reduced ASCII alphabet in which the letters that
those conventions write differently for one sound are one letter:

=====  ====================  =====================  ===================  ==================
unit   Azerbaijani Latin     Azerbaijani Cyrillic   Russian              romanisations
=====  ====================  =====================  ===================  ==================
a      a ə e (ä of 1991)     а ә е                  а е э, я after a     a e ä ǝ
                                                    consonant
i      i ı                   и ы                    и ы                  i, y between
                                                                         consonants
o      o ö                   о ө                    о, ё after a         o
                                                    consonant
u      u ü                   у ү                    у, ю after a         u, yu/iu after a
                                                    consonant            consonant
y      y (before a vowel)    ј                      й, the y of я ю ё    y
g      g ğ q h               ҝ ғ г һ                г                    g gh q h
k      k                     к                      к                    k
x      x                     х                      х                    x kh
j      c j                   ҹ ж                    дж ж                 j c dzh dj zh ž
ch     ç                     ч                      ч                    ch č
sh     ş                     ш                      ш (щ = sh ch)        sh š
=====  ====================  =====================  ===================  ==================

The other consonants keep their letter (w is v, ц is t s). A letter repeated is
written once (Məmmədova, Mamedova: mamadova). The glide y is kept only before a
vowel; after a vowel and before a consonant it is i, so Aynur, Айнур and the ICAO
AINUR all fold to ainur, and it is dropped where the conventions disagree on
writing it at all: before e at the start of a word or after a vowel (Musayev,
Musaev; Yeganə, Егана), between i and a vowel (Aliyev, Алиев), between a vowel and
i (İsmayıl, Исмаил) and between a consonant and u or o (Gyunay, Гюнай).
Case goes (`str.casefold`), and so do diacritics the tables do not name (NFKD:
é is e), apostrophes and the Russian hard and soft signs; hyphens, dashes and
other marks between letters separate words, which are joined by one space.
Letters of other scripts are kept as they are, so such a name still has a key.

Why e is a: Azerbaijani ə is written a by its own passports (Mammadova), e by
Russian clerks (Мамедова) and either way in ASCII, and a record never says which
convention it followed. Why h is g: Russian writes Azerbaijani h as г (Гусейн,
Гасан, Рагим, Ибрагим), and Azerbaijani q and ğ too (Гасымов, Багиров).

`phonetic_key` is coarser and meant for finding candidates: over the folded
units it merges g, k and x (Russian к and х for Azerbaijani q and h: Касумов,
Курбанов, Шахин, Ахмедов), ch with j and sh with s (letters whose marks were
stripped: Cingiz, Sukurov), u with i after a word's first vowel (Azerbaijani ı is
у as often as ы in Russian: Касумов), devoices a final d or b (Murad, Мурат) and
drops the spaces between words. `similarity` ranks the candidates: Jaro-Winkler
over the folded forms.

`patronymic_key` reads the Azerbaijani form (Şahin qızı, Əli oğlu, in any of the
scripts) and the Russian one (Шахиновна, Алиевич, and their romanisations) as the
phonetic key of the father's name and the gender it states.

Decisions, and what the keys cannot do:

* A feminine family name keeps its ending: Məmmədova and Məmmədov have different
  keys. A duplicate of a record has the same gender; a search that wants a family
  across genders asks for both forms.
* Folding e into a joins some distinct names: Emin and Amin, Elmira and Almira.
  The keys find candidates; a person decides, with the dates and ids beside them.
* Qasımov and Касумов (u for ı, к for q) share only the phonetic key, as do
  Şahin and Шахин (х for h inside a word) and Ceyhun and Джейхун.
* Spellings that change a consonant the tables keep apart (Mehdiyev, Мехтиев;
  Orucov, Оруджев) or an ICAO vowel of 2013 other than ю (Гёзаль as GEZAL) share
  no key; similarity still ranks them high.
* A Latin s followed by h is read as sh, so İshaq folds as if it were İşaq.
* A Russian patronymic of a father's name in -ай (Николай: Николаевич) is read as
  the name without it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import JaroWinkler

__all__ = [
    "SearchWord",
    "latin_fold",
    "name_words",
    "patronymic_key",
    "phonetic_key",
    "search_words",
    "similarity",
]

Units = tuple[str, ...]

VOWELS = frozenset("aeiou")
"""The vowel units while folding; e is only a step on the way to a."""

AZERBAIJANI_LATIN: dict[str, Units] = {
    "ə": ("a",),
    "ǝ": ("a",),  # turned e, typed for ə by fonts and keyboards that lack it
    "ä": ("a",),  # the 1991 alphabet's letter for ə, replaced in 1992
    "ı": ("i",),
    "ö": ("o",),
    "ü": ("u",),
    "ğ": ("g",),
    "q": ("g",),
    "h": ("g",),
    "c": ("j",),
    "ç": ("ch",),
    "ş": ("sh",),
    "ș": ("sh",),  # s with a comma below, typed for ş on Romanian keyboard layouts
    "w": ("v",),
    # Scholarly romanisation of Russian (ISO 9 and its kin).
    "š": ("sh",),
    "č": ("ch",),
    "ž": ("j",),
}
"""Latin letters whose unit is not themselves: those of the Azerbaijani Latin alphabet
(adopted 1991, with ə for ä since 1992: ə, ı, ö, ü, ğ, q, h, c, ç, ş), their common
stand-ins, w of informal ASCII, and the háček letters of scholarly Russian
romanisation. Every other Latin letter is its own unit, after NFKD removes its
diacritics."""

LATIN_DIGRAPHS: dict[str, Units] = {
    "sh": ("sh",),
    "ch": ("ch",),
    "zh": ("j",),
    "kh": ("x",),
}
"""Two Latin letters for one Azerbaijani or Russian letter, as written in Russian
passports (KH, ZH, CH, SH; DZH is d then zh) and in informal ASCII (Shukurov,
Chingiz, Khalilov). gh (ğ) and dj (c) need no entry: g h folds to g g and d j to j."""

CYRILLIC: dict[str, Units] = {
    "а": ("a",),
    "б": ("b",),
    "в": ("v",),
    "г": ("g",),
    "д": ("d",),
    "е": ("e",),
    "ж": ("j",),
    "з": ("z",),
    "и": ("i",),
    "й": ("y",),
    "к": ("k",),
    "л": ("l",),
    "м": ("m",),
    "н": ("n",),
    "о": ("o",),
    "п": ("p",),
    "р": ("r",),
    "с": ("s",),
    "т": ("t",),
    "у": ("u",),
    "ф": ("f",),
    "х": ("x",),
    "ц": ("t", "s"),
    "ч": ("ch",),
    "ш": ("sh",),
    "щ": ("sh", "ch"),
    "ъ": (),
    "ы": ("i",),
    "ь": (),
    "э": ("e",),
    # Azerbaijani Cyrillic, 1958-1991 (г is q there, and still g).
    "ә": ("a",),
    "ғ": ("g",),
    "ҝ": ("g",),
    "һ": ("g",),
    "ө": ("o",),
    "ү": ("u",),
    "ҹ": ("j",),
    "ҷ": ("j",),  # Tajik che, typed for ҹ
    "ј": ("y",),
    # Ukrainian and Kazakh letters met in the same records.
    "і": ("i",),
    "ї": ("y", "i"),
    "є": ("y", "e"),
    "ґ": ("g",),
    "қ": ("g",),
    "ұ": ("u",),
    "ң": ("n",),
}
"""Russian letters and those the Azerbaijani Cyrillic alphabet added (ә ғ ҝ һ ө ү ҹ ј).
Russian writes Azerbaijani c as дж (d then j, which fold to j), ü as у or ю, ö as ё,
ı as ы, h as г or х, q as г or к. The Russian е is e: its y (Елена, Yelena) is
dropped by the glide rules, since ICAO passports do not write it either."""

IOTATED: dict[str, str] = {"я": "a", "ю": "u", "ё": "o"}
"""Russian vowels that are y and a vowel at the start of a word or after a vowel or
sign (Юсиф: Yusif, Яшар: Yaşar, Марьям: Maryam), and after a consonant only mark it
soft, which is how Russian writes Azerbaijani ü, ö and ə (Гюнай, Гёзаль, Ляля)."""

PHONETIC: dict[str, str] = {
    "g": "k",
    "x": "k",
    "ch": "j",
    "sh": "s",
}
"""The phonetic key's merges of folded consonants: the velar and glottal ones, since
Russian writes Azerbaijani q as к as often as г, and h as х inside a word; the
hushing ones with their plain ones, for names whose cedillas were stripped."""

LATER_VOWELS: dict[str, str] = {"u": "i"}
"""The phonetic key's merge of vowels after a word's first: Azerbaijani ı is у as
often as ы in Russian (Касумов). The first vowel is kept, which keeps Ülkər apart
from İlqar."""

FINAL_DEVOICING: dict[str, str] = {"d": "t", "b": "p"}
"""A word's last consonant as Russian and Turkish spell it (Мурат, Murat for Murad)."""

PATRONYMIC_MARKERS: dict[str, str] = {"kizi": "f", "okli": "m"}
"""Phonetic keys of the Azerbaijani words that follow a father's name, by gender: qızı,
daughter (кызы, гызы, qizi, gizi, kyzy fold alike), and oğlu, son (оглы, oglu, ogly)."""

RUSSIAN_PATRONYMIC_ENDINGS: tuple[tuple[str, str], ...] = (
    ("yevna", "f"),
    ("yevich", "m"),
    ("ovitch", "m"),
    ("evitch", "m"),
    ("ovich", "m"),
    ("evich", "m"),
    ("oviç", "m"),
    ("eviç", "m"),
    ("ovna", "f"),
    ("evna", "f"),
    ("ович", "m"),
    ("евич", "m"),
    ("овна", "f"),
    ("евна", "f"),
)
"""Endings of a Russian patronymic and their romanisations (Шахиновна, Shahinovna,
Алиевич, Aliyevich), longest first; what is left is the father's name (Мусаевич:
Муса, Гусейнович: Гусейн, Игоревич: Игор, which folds as Игорь does)."""

IGNORED_CATEGORIES = frozenset({"Lm", "Sk", "Mn", "Mc", "Me", "Cf"})
"""Apostrophes written as modifier letters (ʼ ʻ ʹ), accents typed on their own,
combining marks and invisible format characters (soft hyphen, zero-width joiners):
dropped inside a word rather than splitting it."""
APOSTROPHES = frozenset("'’‘`´")


def latin_fold(name: str) -> str:
    """The name in the reduced alphabet of the module's table, words joined by a space.

    Idempotent: folding a folded name changes nothing."""
    return " ".join("".join(units) for units in _folded_words(name))


def phonetic_key(name: str) -> str:
    """A coarser key over the folded units, without spaces (`PHONETIC`, `LATER_VOWELS`,
    `FINAL_DEVOICING`); equal for the name and its `latin_fold`."""
    units = [unit for word in _folded_words(name) for unit in _coarse(word, devoice=True)]
    return "".join(_collapse(units))


@dataclass(frozen=True)
class SearchWord:
    """One word of a search as the index compares it: its folded form, and the phonetic
    keys a name word starting with it may have. A word typed whole ends devoiced
    (Murad: murat, as Мурат is stored); typed as the start of a longer word it does
    not (Murad in Muradov), so both keys are tried."""

    folded: str
    sounds: tuple[str, ...]


def name_words(name: str) -> list[tuple[str, str]]:
    """Each word of a stored name as (folded, phonetic) keys, the search index's rows.

    The words qızı and oğlu of an Azerbaijani patronymic (in any script) are left
    out: they say the gender, not the name, and would match half the register."""
    return [
        ("".join(word), "".join(_collapse(_coarse(word, devoice=True))))
        for word in _folded_words(name)
        if not _is_patronymic_marker(word)
    ]


def search_words(query: str) -> list[SearchWord]:
    """The words of a search, folded as stored names are (`name_words`)."""
    found: list[SearchWord] = []
    for word in _folded_words(query):
        if _is_patronymic_marker(word):
            continue
        whole = "".join(_collapse(_coarse(word, devoice=True)))
        start = "".join(_collapse(_coarse(word, devoice=False)))
        found.append(SearchWord("".join(word), tuple(dict.fromkeys((whole, start)))))
    return found


def patronymic_key(text: str) -> tuple[str, str | None]:
    """The phonetic key of the father's name and the gender ('f', 'm') the patronymic
    states; None when it states none (a father's name alone)."""
    words = _words(text)
    if len(words) > 1 and phonetic_key(words[-1]) in PATRONYMIC_MARKERS:
        return phonetic_key(" ".join(words[:-1])), PATRONYMIC_MARKERS[phonetic_key(words[-1])]
    if words:
        last = words[-1]
        for ending, gender in RUSSIAN_PATRONYMIC_ENDINGS:
            stem = last.removesuffix(ending)
            if stem != last and len(stem) >= 2:
                return phonetic_key(" ".join([*words[:-1], stem])), gender
    return phonetic_key(text), None


def similarity(a: str, b: str) -> float:
    """Jaro-Winkler similarity of the folded forms, from 0 (nothing alike) to 1 (the
    same folded name); 0 when either folds to nothing."""
    folded_a, folded_b = latin_fold(a), latin_fold(b)
    if not folded_a or not folded_b:
        return 0.0
    return float(JaroWinkler.similarity(folded_a, folded_b))


def _coarse(word: list[str], *, devoice: bool) -> list[str]:
    """One folded word's units under the phonetic key's merges (`phonetic_key`)."""
    first_vowel = next((index for index, unit in enumerate(word) if unit in VOWELS), None)
    coarse = [
        unit if index == first_vowel else LATER_VOWELS.get(unit, PHONETIC.get(unit, unit))
        for index, unit in enumerate(word)
    ]
    if coarse and devoice:
        coarse[-1] = FINAL_DEVOICING.get(coarse[-1], coarse[-1])
    return coarse


def _is_patronymic_marker(word: list[str]) -> bool:
    return "".join(_collapse(_coarse(word, devoice=True))) in PATRONYMIC_MARKERS


def _words(text: str) -> list[str]:
    """Runs of letters, case folded, without modifiers and apostrophes."""
    words: list[str] = []
    current: list[str] = []
    for character in unicodedata.normalize("NFC", text).casefold():
        if character in APOSTROPHES or unicodedata.category(character) in IGNORED_CATEGORIES:
            continue
        if character.isalpha():
            current.append(character)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def _folded_words(name: str) -> list[list[str]]:
    folded = (_settle(_units(word)) for word in _words(name))
    return [units for units in folded if units]


def _units(word: str) -> list[str]:
    """One word's letters as units, before the rules that look at their neighbours."""
    units: list[str] = []
    after_sign = False
    index = 0
    while index < len(word):
        pair = word[index : index + 2]
        character = word[index]
        if pair in LATIN_DIGRAPHS:
            units.extend(LATIN_DIGRAPHS[pair])
            index += 2
            after_sign = False
            continue
        if character in IOTATED:
            after_consonant = bool(units) and not after_sign and _is_consonant(units[-1])
            units.extend((IOTATED[character],) if after_consonant else ("y", IOTATED[character]))
        elif character in CYRILLIC:
            units.extend(CYRILLIC[character])
        else:
            units.extend(_latin(character))
        after_sign = character in "ьъ"
        index += 1
    return units


def _latin(character: str) -> Units:
    if character in AZERBAIJANI_LATIN:
        return AZERBAIJANI_LATIN[character]
    base = "".join(
        part
        for part in unicodedata.normalize("NFKD", character)
        if unicodedata.category(part) not in IGNORED_CATEGORIES
    )
    if base == character:
        return (character,)
    return tuple(unit for part in base for unit in _latin(part))


def _settle(units: list[str]) -> list[str]:
    """Apply the neighbour rules until nothing changes (so folding is idempotent)."""
    while True:
        settled = _collapse(_vowel_e(_close_iu(_glides(_collapse(_merge_dj(units))))))
        if settled == units:
            return settled
        units = settled


def _merge_dj(units: list[str]) -> list[str]:
    """d before j is one sound: Russian дж, passport DZH, French-style DJ."""
    return [unit for index, unit in enumerate(units) if not _at(units, index, "d", "j")]


def _glides(units: list[str]) -> list[str]:
    """Where y is kept, dropped or read as the vowel i (the module's docstring)."""
    out: list[str] = []
    for index, unit in enumerate(units):
        if unit != "y":
            out.append(unit)
            continue
        before = out[-1] if out else None
        after = units[index + 1] if index + 1 < len(units) else None
        if after == "e" and (before is None or before in VOWELS):
            continue
        if (before == "i" and after in VOWELS) or (before in VOWELS and after == "i"):
            continue
        if before is not None and _is_consonant(before) and after in ("u", "o"):
            continue
        out.append("i" if after is None or _is_consonant(after) else "y")
    return out


def _close_iu(units: list[str]) -> list[str]:
    """ICAO's IU for ю after a consonant (SHUKIUROV, GIUNAI) is u."""
    return [
        unit
        for index, unit in enumerate(units)
        if not (_at(units, index, "i", "u") and index > 0 and _is_consonant(units[index - 1]))
    ]


def _vowel_e(units: list[str]) -> list[str]:
    return ["a" if unit == "e" else unit for unit in units]


def _collapse(units: Iterable[str]) -> list[str]:
    out: list[str] = []
    for unit in units:
        if not out or out[-1] != unit:
            out.append(unit)
    return out


def _at(units: list[str], index: int, unit: str, following: str) -> bool:
    return units[index] == unit and index + 1 < len(units) and units[index + 1] == following


def _is_consonant(unit: str) -> bool:
    return unit not in VOWELS and unit != "y"
