"""The applicant's name declined and the words agreeing with the applicant's sex.

Every expected form below was written by hand from the rules of Russian grammar (Rosenthal's
handbook: men's surnames in a consonant decline, women's do not; surnames in -o and -ы do not;
Kazakh patronymics with -ұлы/-қызы keep their form) and of Kazakh (the case ending on the last
word, by its last vowel and sound), not copied from the library's output.
"""

from __future__ import annotations

import pytest

from election_appeal.grammar import agree, infer_sex, name_forms, sex_forms

# (nominative, sex, genitive, dative, instrumental)
RUSSIAN = [
    # Kazakh names, men
    (
        "Жумабеков Ерлан Серикович",
        "male",
        "Жумабекова Ерлана Сериковича",
        "Жумабекову Ерлану Сериковичу",
        "Жумабековым Ерланом Сериковичем",
    ),
    (
        "Ильяшев Альнур Кайратович",
        "male",
        "Ильяшева Альнура Кайратовича",
        "Ильяшеву Альнуру Кайратовичу",
        "Ильяшевым Альнуром Кайратовичем",
    ),
    (
        "Сулейменов Олжас Омарович",
        "male",
        "Сулейменова Олжаса Омаровича",
        "Сулейменову Олжасу Омаровичу",
        "Сулейменовым Олжасом Омаровичем",
    ),
    (
        "Сейтказы Нурлан Серикұлы",
        "male",
        "Сейтказы Нурлана Серикұлы",
        "Сейтказы Нурлану Серикұлы",
        "Сейтказы Нурланом Серикұлы",
    ),
    (
        "Мухаметжан Ғалым Нұрланұлы",
        "male",
        "Мухаметжана Ғалыма Нұрланұлы",
        "Мухаметжану Ғалыму Нұрланұлы",
        "Мухаметжаном Ғалымом Нұрланұлы",
    ),
    (
        "Тулеуов Даурен Кайратович",
        "male",
        "Тулеуова Даурена Кайратовича",
        "Тулеуову Даурену Кайратовичу",
        "Тулеуовым Дауреном Кайратовичем",
    ),
    (
        "Бекмухамбетов Асхат Тимурович",
        "male",
        "Бекмухамбетова Асхата Тимуровича",
        "Бекмухамбетову Асхату Тимуровичу",
        "Бекмухамбетовым Асхатом Тимуровичем",
    ),
    (
        "Нурлан Ержан Ахмет улы",
        "male",
        "Нурлана Ержана Ахмет улы",
        "Нурлану Ержану Ахмет улы",
        "Нурланом Ержаном Ахмет улы",
    ),
    (
        "Абдрахманов Бауыржан Маратович",
        "male",
        "Абдрахманова Бауыржана Маратовича",
        "Абдрахманову Бауыржану Маратовичу",
        "Абдрахмановым Бауыржаном Маратовичем",
    ),
    (
        "Касымов Айдос Ерикович",
        "male",
        "Касымова Айдоса Ериковича",
        "Касымову Айдосу Ериковичу",
        "Касымовым Айдосом Ериковичем",
    ),
    # Kazakh names, women
    (
        "Жумабекова Айгуль Нурлановна",
        "female",
        "Жумабековой Айгуль Нурлановны",
        "Жумабековой Айгуль Нурлановне",
        "Жумабековой Айгуль Нурлановной",
    ),
    (
        "Оспанова Әсем Нурланқызы",
        "female",
        "Оспановой Әсем Нурланқызы",
        "Оспановой Әсем Нурланқызы",
        "Оспановой Әсем Нурланқызы",
    ),
    (
        "Ахметова Динара Болатовна",
        "female",
        "Ахметовой Динары Болатовны",
        "Ахметовой Динаре Болатовне",
        "Ахметовой Динарой Болатовной",
    ),
    (
        "Есенова Гульмира Ержановна",
        "female",
        "Есеновой Гульмиры Ержановны",
        "Есеновой Гульмире Ержановне",
        "Есеновой Гульмирой Ержановной",
    ),
    (
        "Алиева Жанар Маратовна",
        "female",
        "Алиевой Жанар Маратовны",
        "Алиевой Жанар Маратовне",
        "Алиевой Жанар Маратовной",
    ),
    (
        "Сагинтай Жулдыз Болатовна",
        "female",
        "Сагинтай Жулдыз Болатовны",
        "Сагинтай Жулдыз Болатовне",
        "Сагинтай Жулдыз Болатовной",
    ),
    (
        "Нурланова Айжан Нурланқызы",
        "female",
        "Нурлановой Айжан Нурланқызы",
        "Нурлановой Айжан Нурланқызы",
        "Нурлановой Айжан Нурланқызы",
    ),
    (
        "Кенжебаева Сауле Аскаровна",
        "female",
        "Кенжебаевой Сауле Аскаровны",
        "Кенжебаевой Сауле Аскаровне",
        "Кенжебаевой Сауле Аскаровной",
    ),
    (
        "Токаева Айгерим Серикқызы",
        "female",
        "Токаевой Айгерим Серикқызы",
        "Токаевой Айгерим Серикқызы",
        "Токаевой Айгерим Серикқызы",
    ),
    (
        "Абай Асель Ерлан кызы",
        "female",
        "Абай Асель Ерлан кызы",
        "Абай Асель Ерлан кызы",
        "Абай Асель Ерлан кызы",
    ),
    # Russian names, men
    (
        "Петров Илья Сергеевич",
        "male",
        "Петрова Ильи Сергеевича",
        "Петрову Илье Сергеевичу",
        "Петровым Ильёй Сергеевичем",
    ),
    (
        "Бондаренко Игорь Николаевич",
        "male",
        "Бондаренко Игоря Николаевича",
        "Бондаренко Игорю Николаевичу",
        "Бондаренко Игорем Николаевичем",
    ),
    (
        "Ершов Лев Андреевич",
        "male",
        "Ершова Льва Андреевича",
        "Ершову Льву Андреевичу",
        "Ершовым Львом Андреевичем",
    ),
    (
        "Ким Олег Викторович",
        "male",
        "Кима Олега Викторовича",
        "Киму Олегу Викторовичу",
        "Кимом Олегом Викторовичем",
    ),
    (
        "Салтыков-Щедрин Михаил Евграфович",
        "male",
        "Салтыкова-Щедрина Михаила Евграфовича",
        "Салтыкову-Щедрину Михаилу Евграфовичу",
        "Салтыковым-Щедриным Михаилом Евграфовичем",
    ),
    (
        "Толстой Лев Николаевич",
        "male",
        "Толстого Льва Николаевича",
        "Толстому Льву Николаевичу",
        "Толстым Львом Николаевичем",
    ),
    (
        "Гоголь Николай Васильевич",
        "male",
        "Гоголя Николая Васильевича",
        "Гоголю Николаю Васильевичу",
        "Гоголем Николаем Васильевичем",
    ),
    (
        "Бабич Никита Ильич",
        "male",
        "Бабича Никиты Ильича",
        "Бабичу Никите Ильичу",
        "Бабичем Никитой Ильичом",
    ),
    # Russian names, women
    (
        "Иванова Мария Петровна",
        "female",
        "Ивановой Марии Петровны",
        "Ивановой Марии Петровне",
        "Ивановой Марией Петровной",
    ),
    (
        "Ким Ольга Викторовна",
        "female",
        "Ким Ольги Викторовны",
        "Ким Ольге Викторовне",
        "Ким Ольгой Викторовной",
    ),
    (
        "Шевченко Анна Павловна",
        "female",
        "Шевченко Анны Павловны",
        "Шевченко Анне Павловне",
        "Шевченко Анной Павловной",
    ),
    (
        "Толстая Любовь Андреевна",
        "female",
        "Толстой Любови Андреевны",
        "Толстой Любови Андреевне",
        "Толстой Любовью Андреевной",
    ),
    (
        "Гоголь Наталья Ильинична",
        "female",
        "Гоголь Натальи Ильиничны",
        "Гоголь Наталье Ильиничне",
        "Гоголь Натальей Ильиничной",
    ),
    (
        "Цветаева Марина Ивановна",
        "female",
        "Цветаевой Марины Ивановны",
        "Цветаевой Марине Ивановне",
        "Цветаевой Мариной Ивановной",
    ),
]


@pytest.mark.parametrize(
    ("nominative", "sex", "genitive", "dative", "instrumental"),
    RUSSIAN,
    ids=[row[0] for row in RUSSIAN],
)
def test_a_name_declines_in_russian(
    nominative: str, sex: str, genitive: str, dative: str, instrumental: str
) -> None:
    forms = name_forms(nominative, sex, "ru")  # type: ignore[arg-type]
    assert (forms.genitive, forms.dative, forms.instrumental) == (genitive, dative, instrumental)
    assert forms.nominative == nominative and forms.declined


def test_at_least_thirty_names_of_both_sexes_and_origins() -> None:
    assert len(RUSSIAN) >= 30
    assert {row[1] for row in RUSSIAN} == {"male", "female"}


# The Kazakh case endings, on the last word: genitive, dative, instrumental.
KAZAKH = [
    ("Жумабеков Ерлан Серікұлы", "Серікұлының", "Серікұлына", "Серікұлымен"),
    ("Оспанова Әсем Нұрланқызы", "Нұрланқызының", "Нұрланқызына", "Нұрланқызымен"),
    ("Жумабеков Ерлан Серикович", "Сериковичтің", "Сериковичке", "Сериковичпен"),
    ("Ахметова Динара Болатовна", "Болатовнаның", "Болатовнаға", "Болатовнамен"),
    ("Сейтказы Нурлан", "Нурланның", "Нурланға", "Нурланмен"),
    ("Абай Қанат", "Қанаттың", "Қанатқа", "Қанатпен"),
    ("Жумабеков Абай", "Абайдың", "Абайға", "Абаймен"),
    ("Оспанова Әсел", "Әселдің", "Әселге", "Әселмен"),
    ("Серікова Ләззат", "Ләззаттың", "Ләззатқа", "Ләззатпен"),
    ("Нурланов Ерболат Жанибекович", "Жанибековичтің", "Жанибековичке", "Жанибековичпен"),
    ("Петров Игорь", "Игорьдің", "Игорьге", "Игорьмен"),
    ("Жумабеков Ерлан Серік ұлы", "ұлының", "ұлына", "ұлымен"),
]


@pytest.mark.parametrize(("nominative", "genitive", "dative", "instrumental"), KAZAKH)
def test_a_name_takes_the_kazakh_ending_on_its_last_word(
    nominative: str, genitive: str, dative: str, instrumental: str
) -> None:
    forms = name_forms(nominative, "male", "kk")
    head = nominative.rsplit(" ", 1)[0]
    assert forms.genitive == f"{head} {genitive}"
    assert forms.dative == f"{head} {dative}"
    assert forms.instrumental == f"{head} {instrumental}"


@pytest.mark.parametrize(
    "placeholder", ["[Фамилия Имя Отчество]", "Иванов", "Ivanov Ivan", "Иванов И. И."]
)
def test_a_placeholder_or_an_unreadable_name_is_left_as_written(placeholder: str) -> None:
    forms = name_forms(placeholder, "male", "ru")
    assert not forms.declined
    assert forms.genitive == forms.dative == forms.instrumental == placeholder


def test_the_bearers_own_forms_win() -> None:
    # Reference books differ on Айгуль (Суперанская declines it, Калакуцкая does not): the
    # bearer's choice, written in the case file, is taken.
    given = {"genitive": "Жумабековой Айгули Нурлановны"}
    forms = name_forms("Жумабекова Айгуль Нурлановна", "female", "ru", given)
    assert forms.genitive == "Жумабековой Айгули Нурлановны"
    assert forms.dative == "Жумабековой Айгуль Нурлановне"


@pytest.mark.parametrize(
    ("name", "sex"),
    [
        ("Жумабеков Ерлан Серикович", "male"),
        ("Ким Наталья Ильинична", "female"),
        ("Сейтказы Нурлан Серикұлы", "male"),
        ("Оспанова Әсем Нурланқызы", "female"),
        ("Нурлан Ержан Ахмет улы", "male"),
        ("Ким Олег", None),
        ("[Фамилия Имя Отчество]", None),
    ],
)
def test_the_patronymic_shows_the_sex(name: str, sex: str | None) -> None:
    assert infer_sex(name) == sex


def test_the_words_agree_with_the_sex_in_russian_only() -> None:
    male, female = sex_forms("male", "ru"), sex_forms("female", "ru")
    assert male is not None and female is not None
    assert (male.residing_genitive, female.residing_genitive) == ("проживающего", "проживающей")
    assert (male.warned, female.warned) == ("предупрежден", "предупреждена")
    assert (male.citizen_genitive, female.citizen_genitive) == ("гражданина", "гражданки")
    assert sex_forms("female", "kk") is None
    assert agree("female", "ознакомлен", "ознакомлена") == "ознакомлена"


def test_the_applicants_grammar_takes_the_sex_from_the_patronymic_when_not_given() -> None:
    from election_appeal.grammar import applicant_grammar

    found = applicant_grammar("Оспанова Әсем Нурланқызы", None, "ru")
    assert found.sex == "female"
    assert found.name.genitive == "Оспановой Әсем Нурланқызы"
    assert found.words is not None and found.words.residing_genitive == "проживающей"


def test_a_placeholder_applicant_gets_no_agreeing_words() -> None:
    from election_appeal.grammar import applicant_grammar

    found = applicant_grammar("[Фамилия Имя Отчество]", None, "ru")
    assert (found.sex, found.words, found.name.declined) == (None, None, False)
    assert found.name.genitive == "[Фамилия Имя Отчество]"
    # A sex given for a placeholder chooses the words; the name stays as written.
    given = applicant_grammar("[Фамилия Имя Отчество]", "male", "ru")
    assert given.words is not None and given.words.warned == "предупрежден"
    assert given.name.declined is False
