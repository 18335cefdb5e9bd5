# The forms below are Azerbaijani and Russian spellings, some letters of which look Latin.
# ruff: noqa: RUF001
"""Azerbaijani names in the forms records of one child carry: the Azerbaijani Latin of
a birth certificate, the Russian of a school or clinic record, and the ASCII
romanisation of a keyboard without Azerbaijani letters (`bench.duplicates` draws its
labelled pairs from them). Family names are given in their masculine form; the
feminine adds -a in every script.
"""

from __future__ import annotations

Forms = tuple[str, str, str]
"""(Azerbaijani Latin, Russian Cyrillic, ASCII)."""

FAMILY: tuple[Forms, ...] = (
    ("Məmmədov", "Мамедов", "Mammadov"),
    ("Əliyev", "Алиев", "Aliyev"),
    ("Hüseynov", "Гусейнов", "Huseynov"),
    ("Həsənov", "Гасанов", "Hasanov"),
    ("Quliyev", "Кулиев", "Guliyev"),
    ("İsmayılov", "Исмаилов", "Ismayilov"),
    ("Abbasov", "Аббасов", "Abbasov"),
    ("Babayev", "Бабаев", "Babayev"),
    ("Cəfərov", "Джафаров", "Jafarov"),
    ("Qasımov", "Касумов", "Gasimov"),
    ("Rzayev", "Рзаев", "Rzayev"),
    ("Süleymanov", "Сулейманов", "Suleymanov"),
    ("Nəsirov", "Насиров", "Nasirov"),
    ("Kərimov", "Керимов", "Karimov"),
    ("Rəhimov", "Рагимов", "Rahimov"),
    ("Vəliyev", "Велиев", "Valiyev"),
    ("Bağırov", "Багиров", "Bagirov"),
    ("Şükürov", "Шукюров", "Shukurov"),
    ("Zeynalov", "Зейналов", "Zeynalov"),
    ("Əhmədov", "Ахмедов", "Ahmadov"),
    ("Sadıqov", "Садыгов", "Sadigov"),
    ("Nağıyev", "Нагиев", "Nagiyev"),
    ("Xəlilov", "Халилов", "Khalilov"),
    ("Heydərov", "Гейдаров", "Heydarov"),
    ("Musayev", "Мусаев", "Musayev"),
    ("Qurbanov", "Курбанов", "Gurbanov"),
    ("İbrahimov", "Ибрагимов", "Ibrahimov"),
    ("Əsgərov", "Аскеров", "Asgarov"),
    ("Hacıyev", "Гаджиев", "Hajiyev"),
    ("Məlikov", "Меликов", "Malikov"),
)

GIVEN_FEMALE: tuple[Forms, ...] = (
    ("Aysel", "Айсель", "Aysel"),
    ("Günay", "Гюнай", "Gunay"),
    ("Nigar", "Нигяр", "Nigar"),
    ("Leyla", "Лейла", "Leyla"),
    ("Sevinc", "Севиндж", "Sevinj"),
    ("Aynur", "Айнур", "Aynur"),
    ("Fidan", "Фидан", "Fidan"),
    ("Nərmin", "Нармин", "Narmin"),
    ("Könül", "Кёнуль", "Konul"),
    ("Səbinə", "Сабина", "Sabina"),
    ("Gülnar", "Гюльнар", "Gulnar"),
    ("Zəhra", "Захра", "Zahra"),
    ("Aytən", "Айтен", "Aytan"),
    ("Lalə", "Лаля", "Lala"),
    ("Şəbnəm", "Шабнам", "Shabnam"),
    ("Xədicə", "Хадиджа", "Khadija"),
    ("Məryəm", "Марьям", "Maryam"),
    ("Fatimə", "Фатима", "Fatima"),
    ("Elnarə", "Эльнара", "Elnara"),
    ("Ülkər", "Улькер", "Ulkar"),
)

GIVEN_MALE: tuple[Forms, ...] = (
    ("Əli", "Али", "Ali"),
    ("Hüseyn", "Гусейн", "Huseyn"),
    ("Orxan", "Орхан", "Orkhan"),
    ("Elvin", "Эльвин", "Elvin"),
    ("Tural", "Турал", "Tural"),
    ("Rəşad", "Рашад", "Rashad"),
    ("Kənan", "Канан", "Kanan"),
    ("Nihad", "Нихад", "Nihad"),
    ("Fərid", "Фарид", "Farid"),
    ("Ramil", "Рамиль", "Ramil"),
    ("Murad", "Мурад", "Murad"),
    ("Emin", "Эмин", "Emin"),
    ("Vüqar", "Вугар", "Vugar"),
    ("Cavid", "Джавид", "Javid"),
    ("Səməd", "Самед", "Samad"),
    ("Elçin", "Эльчин", "Elchin"),
    ("Şahin", "Шахин", "Shahin"),
    ("İlkin", "Илькин", "Ilkin"),
    ("Toğrul", "Тогрул", "Togrul"),
    ("Kamran", "Камран", "Kamran"),
)

PATRONYMIC_WORDS: dict[str, Forms] = {
    "female": ("qızı", "кызы", "qizi"),
    "male": ("oğlu", "оглы", "oglu"),
}
"""The word after the father's name in an Azerbaijani patronymic, by the child's sex."""
