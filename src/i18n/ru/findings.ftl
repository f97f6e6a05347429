## Проблемы финансирования словами: строки консоли и еженедельная сводка.

finding-side-ru = российская
finding-side-cn = китайская
finding-text-gap =
    Проект «{ $name }» не профинансирован с { $from } по { $to } ({ $days } { $days ->
        [one] день
        [few] дня
       *[many] дней
    }).
finding-text-expiring = Финансирование проекта «{ $name }» заканчивается { $to }, и нового пока нет.
finding-text-one-sided = Проект «{ $name }» финансируется односторонне с { $from } по { $to }: { $funded } сторона профинансирована, { $unfunded } — нет.
finding-text-funder-lapsed = Проект «{ $name }» финансируется до { $to } фондом { $funder }, который прекратил работу: продления не будет.
finding-text-funder-lapsed-successor = Проект «{ $name }» финансируется до { $to } фондом { $funder }, который прекратил работу; его функции перешли к { $successor }.
# A Russian date ends in "г.", which also ends the sentence: no second full stop after it.
finding-text-lab-at-risk = Лаборатория «{ $name }» работает, но ни один её действующий проект не профинансирован на каждый день до { $to }
finding-text-centre-at-risk = Совместный центр «{ $name }»: ни у одной из его действующих лабораторий нет проекта, профинансированного на каждый день до { $to }

## Список проблем (главная координатора) и другие главные страницы

findings-title = Открытые проблемы финансирования
findings-caption = Открытые проблемы, начиная с самых срочных
findings-by-kind = По видам
findings-filters = Отбор проблем
findings-filter-kind = Вид
findings-filter-country = Страна
findings-filter-centre = Совместный центр
findings-filter-funder = Фонд
findings-filter-lab = Лаборатория
findings-filter-institution = Организация
findings-filter-from = Наступает с
findings-filter-to = Наступает по
findings-filter-any = Любой
findings-filter-remove = Убрать этот фильтр
findings-col-when = Наступает
findings-col-kind = Вид
findings-col-what = Проблема
findings-col-review = Рассмотрение
findings-open-record = Открыть
findings-review-action = Рассмотреть
findings-review-state = Состояние
findings-nobody = Никто
findings-reviewed-by = Рассмотрел(а) { $name }, { $date }
findings-responsible = Ответственный: { $name }
home-losing = Теряют финансирование в ближайшие 90 дней (до { $date })
home-losing-caption = Что теряет финансирование в ближайшие 90 дней
home-losing-none = В ближайшие 90 дней ничего не теряет финансирование.
home-labs = Ваши лаборатории
home-projects = Проекты ваших лабораторий
home-other-findings = Другие ваши открытые проблемы
home-col-lab = Лаборатория
home-col-project = Проект
home-col-country = Страна
home-col-status = Статус
home-col-period = Период
home-col-role = Роль
home-partner-institution = Ваша организация: { $name }
home-partner-labs = Её лаборатории
home-partner-projects = Проекты с участием её лабораторий
home-partner-findings = Открытые проблемы её лабораторий
home-partner-search = Найти открытые и партнёрские проекты других организаций
home-no-institution = Ваша учётная запись ещё не связана с организацией. Обратитесь к координатору.
