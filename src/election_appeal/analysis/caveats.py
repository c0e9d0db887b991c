"""What the sample statistics cannot show: printed wherever the figures appear.

Kept as data, by id, with the wording in each language the tool speaks, so that the document,
the JSON and the terminal say the same thing.
"""

from __future__ import annotations

SAMPLE_CAVEATS: tuple[str, ...] = (
    "not_random",
    "not_who",
    "legitimate_differences",
    "station_level_first",
)

CAVEAT_TEXT: dict[str, dict[str, str]] = {
    "not_random": {
        "ru": "Участки, копии протоколов которых получены наблюдателями, не отбирались случайным "
        "образом. Приведенные интервалы и проверки учитывают только случайную ошибку выборки, "
        "но не возможное смещение из-за отбора участков.",
        "kk": "Байқаушылар хаттамаларының көшірмелерін алған учаскелер кездейсоқ іріктелген жоқ. "
        "Келтірілген аралықтар мен тексерулер іріктеудің кездейсоқ қателігін ғана ескереді, "
        "учаскелерді іріктеуден туындауы мүмкін ығысуды ескермейді.",
        "en": "The stations were not chosen at random: the intervals and tests measure sampling "
        "error, not selection bias.",
    },
    "not_who": {
        "ru": "Статистическое несоответствие показывает лишь, что официальные итоги маловероятны "
        "при изложенных допущениях; оно не указывает, где, когда и кем могли быть изменены "
        "результаты.",
        "kk": "Статистикалық сәйкессіздік баяндалған жорамалдар кезінде ресми қорытындылардың "
        "ықтималдығы төмен екенін ғана көрсетеді; нәтижелердің қай жерде, қашан және кімнің "
        "өзгертуі мүмкін екенін көрсетпейді.",
        "en": "An inconsistency shows that the official totals are unlikely under the stated "
        "assumptions, not where or by whom they were changed.",
    },
    "legitimate_differences": {
        "ru": "Различия между двумя голосованиями могут иметь законные причины: избиратель мог "
        "получить только один бюллетень, доля недействительных бюллетеней может различаться, "
        "на отдельных (в том числе закрытых) участках голосуют по-разному.",
        "kk": "Екі дауыс беру арасындағы айырмашылықтардың заңды себептері болуы мүмкін: сайлаушы "
        "бір ғана бюллетень алуы мүмкін, жарамсыз бюллетеньдердің үлесі әртүрлі болуы мүмкін, "
        "жекелеген (оның ішінде жабық) учаскелерде әртүрлі дауыс береді.",
        "en": "Differences between the contests can be legitimate: a voter taking one ballot, "
        "different invalid rates, special stations.",
    },
    "station_level_first": {
        "ru": "Если официальные итоги голосования по каждому участку существуют, их сверка с "
        "копиями протоколов наблюдателей участок за участком является более сильным "
        "доказательством, чем любая статистическая оценка.",
        "kk": "Егер әр учаске бойынша ресми дауыс беру қорытындылары бар болса, оларды "
        "байқаушылардың хаттама көшірмелерімен учаске бойынша салыстыру кез келген "
        "статистикалық бағалаудан күштірек дәлел болады.",
        "en": "Where official station-level results exist, comparing them with the copies "
        "station by station is the stronger evidence.",
    },
}


def caveats(ids: tuple[str, ...], language: str) -> list[str]:
    """The caveats' wording in a language."""
    return [CAVEAT_TEXT[i][language] for i in ids]
