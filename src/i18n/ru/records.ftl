## Страницы записей: совместные центры, лаборатории, проекты и поиск по ним.

records-breadcrumbs = Навигационная цепочка
records-names = Названия
records-name-en = Английский
records-name-ru = Русский
records-name-zh = Китайский
records-status = Статус
records-since = С какого дня
records-founded = Основан
records-description = О центре
records-hosts = Принимающие организации
records-institution = Организация
records-country = Страна
records-centre = Совместный центр
records-research-line = Направление исследований
records-labs = Лаборатории
records-lab = Лаборатория
records-project = Проект
records-projects = Проекты
records-period = Период
records-role = Роль
records-date = Дата
records-event = Событие
records-reason = Причина
records-kind = Вид
records-not-stated = не указано
records-shown-of =
    Показано { $shown } из { $total }.

## Хронология центра

records-centre-labs-caption = Лаборатории центра
records-timeline-heading = Хронология
records-timeline-title = Хронология: { $name }
# The date ends in "г.", which also ends the sentence.
records-timeline-steady =
    { $pairs ->
        [one] { $pairs } зеркальная пара действует
        [few] { $pairs } зеркальные пары действуют
        [many] { $pairs } зеркальных пар действуют
       *[other] { $pairs } зеркальной пары действуют
    } с { $since }
records-timeline-changed =
    { $peak ->
        [one] { $peak } зеркальная пара действовала
        [few] { $peak } зеркальные пары действовали
        [many] { $peak } зеркальных пар действовали
       *[other] { $peak } зеркальной пары действовали
    } с { $peak_since }; с { $since } — { $pairs }.
records-events-caption = События и их причины
records-counts-caption = Лаборатории и действующие связи после каждого дня с событиями
records-counts-labs = Лаборатории (не закрытые)
records-counts-mirror-pairs = Действующие зеркальные пары
records-counts-third-country = Действующие связи с третьими странами
records-event-lab-status = { $lab }: { $status }
records-event-link-started = Связь установлена ({ $kind }): { $a } ↔ { $b }
records-event-link-ended = Связь прекращена ({ $kind }): { $a } ↔ { $b }; последний день — { $last_day }
records-event-labs =
    { $status }: { $count ->
        [one] { $count } лаборатория
        [few] { $count } лаборатории
        [many] { $count } лабораторий
       *[other] { $count } лаборатории
    }
records-event-links-started =
    { $count ->
        [one] установлена { $count } связь
        [few] установлено { $count } связи
        [many] установлено { $count } связей
       *[other] установлено { $count } связи
    } ({ $kind })
records-event-links-ended =
    { $count ->
        [one] прекращена { $count } связь
        [few] прекращено { $count } связи
        [many] прекращено { $count } связей
       *[other] прекращено { $count } связи
    } ({ $kind })

## Обеспеченность финансированием

records-coverage-heading = Обеспеченность финансированием
records-coverage-title = Обеспеченность финансированием: { $name }
records-coverage-summary =
    С { $from } по { $to }: { $covered ->
        [one] { $covered } день обеспечен
        [few] { $covered } дня обеспечены
        [many] { $covered } дней обеспечены
       *[other] { $covered } дня обеспечены
    }, { $gaps ->
        [one] { $gaps } день в разрывах
        [few] { $gaps } дня в разрывах
        [many] { $gaps } дней в разрывах
       *[other] { $gaps } дня в разрывах
    }.
records-coverage-caption = Обеспеченность финансированием: в целом, по сторонам и по фондам
records-coverage-of = Обеспеченность
records-coverage-overall = В целом
records-coverage-covered-days = Обеспечено дней
records-coverage-gaps = Разрывы
records-gap-label =
    разрыв · { $days ->
        [one] { $days } день
        [few] { $days } дня
        [many] { $days } дней
       *[other] { $days } дня
    }
records-gap-period =
    { $period } ({ $days ->
        [one] { $days } день
        [few] { $days } дня
        [many] { $days } дней
       *[other] { $days } дня
    })
records-funder-closed = { $code } (больше не финансирует)
records-coverage-no-projects = За этой обеспеченностью нет ни одного доступного вам проекта.

## Финансирование

records-funding-heading = Финансирование
records-funding-caption = Записи о финансировании проекта
records-funder = Фонд
records-call = Конкурс
records-award-number = Номер гранта
records-side = Сторона
records-amount = Сумма

## Результаты

records-outputs-heading = Результаты
records-outputs-caption = Что дал проект
records-title = Название
records-year = Год
records-doi = DOI
records-author-countries = Страны авторов
records-no-outputs = Результатов нет.
output-kind-journal-article = Статья в журнале
output-kind-conference-paper = Доклад на конференции
output-kind-patent = Патент
output-kind-dataset = Набор данных
output-kind-software = Программа
output-kind-agreement = Соглашение
output-kind-educational-programme = Образовательная программа
output-kind-report = Отчёт

## Участники и лаборатории проекта

records-participants-heading = Участники
records-participants-caption = Участники проекта
records-person = Имя
records-orcid = ORCID
records-no-participants = Участники не указаны.
records-project-labs-caption = Лаборатории проекта
participant-role-principal-investigator = Руководитель
participant-role-co-investigator = Соруководитель
participant-role-researcher = Исследователь
participant-role-postdoc = Постдок
participant-role-student = Студент
participant-role-engineer = Инженер
participant-role-other = Другое

## Проект

records-acronym = Сокращение
records-visibility = Видимость
records-summary = Аннотация
records-subject-areas = Области знаний
records-keywords = Ключевые слова

## Лаборатория

records-status-history-caption = История статусов
records-mirror-links-caption = Зеркальные лаборатории
records-partner-lab = Лаборатория-партнёр
records-no-mirror-links = Связей с зеркальными лабораториями нет.
records-lab-projects-caption = Проекты лаборатории
records-no-projects = Нет доступных вам проектов.

## История записи

records-history-heading = История
records-history-caption = Изменения, сначала новые
records-history-when = Когда
records-history-who = Кто
records-history-action = Изменение
records-history-fields = Изменённые поля
records-history-more =
    { $count ->
        [one] Показано только { $count } последнее изменение.
        [few] Показаны только { $count } последних изменения.
        [many] Показаны только { $count } последних изменений.
       *[other] Показаны только { $count } последнего изменения.
    }
records-history-empty = Изменений нет.
records-actor-system = Реестр (система)
records-actor-partner-token = API-ключ организации-партнёра
records-actor-member = Участник реестра
records-value-none = (нет)
history-action-create = Создано
history-action-update = Изменено
history-action-delete = Удалено
history-action-status = Записан статус
history-action-end = Прекращено

## Поиск

records-search-intro = Поиск организаций, совместных центров, лабораторий и проектов по любому из их названий, на любом языке.
records-search-label = Название
records-search-submit = Найти
records-search-results = Результаты по запросу «{ $query }»
records-search-institutions = Организации
records-search-centres = Совместные центры
records-search-labs = Лаборатории
records-search-projects = Проекты
records-search-invalid = Запрос не может содержать управляющие символы и должен быть не длиннее 200 символов.
