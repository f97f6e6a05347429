# Сообщения консоли на русском языке. Набор ключей и атрибутов — тот же, что в en.ftl и zh.ftl
# (это проверяет модульный тест). Множественное число: one (1, 21…), few (2–4, 22–24…), many (0, 5–20…).

## Application

app-name = jointreg
app-tagline = Реестр совместных российско-китайских исследований

## Navigation

nav-main = Основная навигация
nav-skip-to-content = Перейти к содержимому
nav-home = Главная
nav-centres = Совместные центры
nav-labs = Лаборатории
nav-projects = Проекты
nav-search = Поиск
nav-my-account = Личный кабинет
nav-sign-in = Войти
nav-sign-out = Выйти
nav-language = Язык

## Page titles

page-home-title = Обзор
page-centres-title = Совместные центры
page-labs-title = Лаборатории
page-projects-title = Проекты
page-search-title = Поиск
page-findings-title = Проблемы финансирования
page-timeline-title = Хронология
page-account-title = Личный кабинет
page-sign-in-title = Вход
page-invitation-title = Принятие приглашения
page-password-reset-title = Сброс пароля
page-password-change-title = Смена пароля

## Form fields shared by the account forms

field-email = Адрес электронной почты
    .hint = Адрес, на который зарегистрирована ваша учётная запись.
field-password = Пароль
field-current-password = Текущий пароль
field-new-password = Новый пароль
    .hint =
        Не менее { $min } { $min ->
            [one] символа
           *[other] символов
        }. Хороший пароль — несколько слов подряд.
field-repeat-password = Повторите новый пароль
form-errors-summary = Исправьте поля, отмеченные ниже.
form-required = Обязательное поле

## Sign in

sign-in-title = Вход в jointreg
sign-in-intro = Войдите, указав адрес электронной почты и пароль своей учётной записи.
sign-in-submit = Войти
sign-in-forgot-password = Забыли пароль?
sign-in-error-wrong-credentials = Неверный адрес электронной почты или пароль.
sign-in-error-too-many-attempts =
    Слишком много неудачных попыток. Повторите через { $minutes } { $minutes ->
        [one] минуту
        [few] минуты
       *[many] минут
    }.

## Sign out

sign-out-title = Выход
sign-out-confirm = Выйти из jointreg на этом устройстве?
sign-out-submit = Выйти
sign-out-done = Вы вышли из системы.

## Invitation

invitation-title = Принятие приглашения
invitation-intro = Вас пригласили в jointreg. Ваша роль: { $role }. Чтобы активировать учётную запись, задайте пароль.
invitation-validity =
    Приглашение действует { $hours } { $hours ->
        [one] час
        [few] часа
       *[many] часов
    } с момента отправки.
invitation-submit = Активировать учётную запись
invitation-done = Учётная запись активирована. Теперь вы можете войти.
invitation-error-link-invalid = Срок действия приглашения истёк, или ссылка уже была использована. Попросите администратора отправить новое приглашение.

## Password reset

password-reset-title = Сброс пароля
password-reset-request-intro = Укажите адрес электронной почты своей учётной записи — мы отправим на него ссылку для выбора нового пароля.
password-reset-request-submit = Отправить ссылку
password-reset-request-sent = Если учётная запись с таким адресом существует, мы отправили на него ссылку. Проверьте почту, в том числе папку «Спам».
password-reset-link-validity =
    Ссылка действует { $hours } { $hours ->
        [one] час
        [few] часа
       *[many] часов
    }.
password-reset-choose-title = Выберите новый пароль
password-reset-submit = Сохранить новый пароль
password-reset-done = Пароль изменён. Войдите с новым паролем.
password-reset-error-link-invalid = Срок действия ссылки истёк, или она уже была использована. Запросите новую.

## Change password

password-change-title = Смена пароля
password-change-submit = Сменить пароль
password-change-done = Пароль изменён.
password-change-error-wrong-current = Текущий пароль указан неверно.

## Password rules, shared by the forms above

password-error-too-short =
    Пароль должен содержать не менее { $min } { $min ->
        [one] символа
       *[other] символов
    }.
password-error-too-long =
    Пароль должен содержать не более { $max } { $max ->
        [one] символа
       *[other] символов
    }.
password-error-common = Этот пароль слишком распространён. Выберите другой.
password-error-mismatch = Пароли не совпадают.

## Generic words and actions

common-save = Сохранить
common-cancel = Отмена
common-back = Назад
common-edit = Изменить
common-filter = Применить фильтр
common-clear-filters = Сбросить фильтры
common-download-csv = Скачать CSV
common-next-page = Следующая страница
common-previous-page = Предыдущая страница
common-page-of = Страница { $page } из { $pages }
common-results =
    { $count } { $count ->
        [one] результат
        [few] результата
       *[many] результатов
    }
common-none = Нет
common-unknown = Неизвестно
common-loading = Загрузка…
common-yes = Да
common-no = Нет

## Relative days

days-today = сегодня
days-in =
    через { $count } { $count ->
        [one] день
        [few] дня
       *[many] дней
    }
days-ago =
    { $count } { $count ->
        [one] день
        [few] дня
       *[many] дней
    } назад

## Roles

role-admin = Администратор
role-coordinator = Координатор
role-lab-head = Руководитель лаборатории
role-partner = Организация-партнёр

## Account statuses

user-status-invited = Приглашён
user-status-active = Активен
user-status-disabled = Заблокирован

## Laboratory statuses

lab-status-planned = Планируется
lab-status-active = Действует
lab-status-suspended = Приостановлена
lab-status-closed = Закрыта

## Joint centre statuses

centre-status-planned = Планируется
centre-status-active = Действует
centre-status-reduced = Работает в сокращённом составе
    .hint = Работает меньше лабораторий или направлений исследований, чем планировалось.
centre-status-suspended = Приостановлен
centre-status-closed = Закрыт

## Project statuses

project-status-planned = Планируется
project-status-active = Выполняется
project-status-suspended = Приостановлен
project-status-completed = Завершён
project-status-cancelled = Отменён

## A laboratory's part in a project

lab-role-lead = Ведущая лаборатория
lab-role-partner = Лаборатория-партнёр

## Visibility

visibility-public = Открытый доступ
    .hint = Виден всем, в том числе без входа в систему.
visibility-partners = Для партнёров
    .hint = Виден всем пользователям, вошедшим в систему, и организациям-партнёрам.
visibility-restricted = Ограниченный доступ
    .hint = Виден только координаторам, администраторам, руководителям участвующих лабораторий и организациям — участникам проекта.

## Funding statuses

funding-status-applied = Заявка подана
funding-status-awarded = Одобрено
funding-status-active = Действует
funding-status-ended = Завершено
funding-status-rejected = Отклонено
funding-status-withdrawn = Отозвано

## Funder statuses

funder-status-active = Действует
funder-status-closed = Прекратил финансирование

## Findings

finding-kind-gap = Разрыв финансирования
    .hint = Дни в сроках проекта, не обеспеченные финансированием.
finding-kind-expiring = Финансирование скоро закончится
    .hint = Текущее финансирование скоро закончится, а следующее не предусмотрено.
finding-kind-one-sided = Одностороннее финансирование
    .hint = Одна сторона проекта обеспечена финансированием, а другая — нет.
finding-kind-funder-lapsed = Фонд прекратил финансирование
    .hint = Дальнейшее финансирование зависит от фонда, который больше не выдаёт гранты.
finding-kind-lab-at-risk = Лаборатория под угрозой
    .hint = Ни один из действующих проектов лаборатории не обеспечен финансированием на все ближайшие 90 дней.
finding-kind-centre-at-risk = Совместный центр под угрозой
    .hint = Ни один из действующих проектов центра не обеспечен финансированием на все ближайшие 90 дней.
findings-open =
    { $count } { $count ->
        [one] открытая проблема
        [few] открытые проблемы
       *[many] открытых проблем
    }

## Reviews of findings

review-state-none = Не рассмотрено
review-state-acknowledged = Принято к сведению
review-state-action-planned = Запланированы меры
review-state-resolved-externally = Решено вне реестра
review-note = Комментарий
review-owner = Ответственный
review-submit = Сохранить отметку

## Sides of a joint project

side-ru = Российская сторона
side-cn = Китайская сторона
side-other = Другие страны

## Timeline

timeline-events = События
timeline-mirror-link-started = Установлена связь с зеркальной лабораторией
timeline-mirror-link-ended = Связь с зеркальной лабораторией прекращена
timeline-status-changed = Статус изменён: { $from } → { $to }
timeline-covered = Обеспечено финансированием
timeline-gap = Разрыв
timeline-no-funding = Нет финансирования
timeline-funding-by-side = Финансирование по сторонам
timeline-reason = Причина
mirror-links = Зеркальные лаборатории
mirror-kind-mirror = Зеркальная (Россия — Китай)
mirror-kind-third-country = В третьей стране

## Empty states

empty-findings = Открытых проблем нет.
empty-centres = Совместных центров не найдено.
empty-labs = Лабораторий не найдено.
empty-projects = Проектов не найдено.
empty-search = Ничего не найдено.
empty-funding = Сведений о финансировании нет.
empty-events = Событий пока нет.

## Errors

error-not-found-title = Страница не найдена
error-not-found-body = Такой страницы нет, или у вас нет к ней доступа.
error-not-allowed-title = Недостаточно прав
error-not-allowed-body = Вашей учётной записи это действие недоступно. Если оно вам необходимо, обратитесь к координатору.
error-session-expired-title = Страница устарела
error-session-expired-body = Срок действия этой страницы истёк. Войдите снова и повторите действие.
error-internal-title = Что-то пошло не так
error-internal-body = На нашей стороне произошла ошибка. Если она повторится, сообщите администратору идентификатор запроса: { $request_id }
error-too-many-title = Слишком много запросов
error-too-many-body = Слишком много запросов за короткое время. Подождите минуту и повторите.
error-unavailable-title = Временно недоступно
error-unavailable-body = Реестр перегружен или на обслуживании. Повторите через несколько минут.
error-bad-request-title = Запрос не может быть обработан
error-bad-request-body = Адрес или форма не такие, каких ожидает эта страница. Вернитесь назад и повторите.
