# Формы, которые записывают данные (console/pages/form.rs и формы записей).

page-institutions-title = Организации
page-institution-new-title = Зарегистрировать организацию
page-change-title = Изменить: { $name }
home-register-institution = Зарегистрировать организацию

form-names = Названия
form-field-names-en = Название на английском
form-field-names-ru = Название на русском
form-field-names-zh = Название на китайском
form-field-country = Страна
form-field-city = Город
form-field-kind = Тип
form-field-ror-id = Идентификатор ROR
form-field-website = Сайт
form-hint-country = Двухбуквенный код ISO, например RU, CN или KZ.
form-hint-ror-id = Необязательно, например https://ror.org/033vjfk17; контрольная сумма проверяется.
form-hint-website = Необязательно; полный адрес, начиная с https://.
form-choose = Выберите…
form-save = Сохранить
form-cancel = Отмена
form-edit = Изменить
form-changed-meanwhile = После того как вы открыли форму, эту запись изменил другой участник, поэтому ваше изменение не сохранено:
form-changed-meanwhile-again = В форме остались ваши значения. Сравните их с изменением выше и сохраните ещё раз, чтобы применить их.

form-error-invalid = Это значение не принимается.
form-error-invalid-value = Выберите одно из значений списка.
form-error-required = Заполните это поле.
form-error-blank = Заполните это поле: одни пробелы не считаются значением.
form-error-length = Слишком длинное значение.
form-error-control-character = Уберите переводы строк и управляющие символы.
form-error-nul-character = Уберите символ NUL.
form-error-invalid-country = Это не код страны: укажите две буквы, например RU, CN или KZ.
form-error-invalid-ror-id = Неверный идентификатор ROR: проверьте его на ror.org (последние два знака — контрольная сумма).
form-error-invalid-url = Укажите полный адрес, начиная с http:// или https://.
form-error-ror-id-already-registered = С этим идентификатором ROR уже зарегистрирована другая организация.
form-error-award-number-already-registered = Этот номер гранта этого фонда уже записан.

institution-kind-university = Университет
institution-kind-academy-institute = Институт академии наук
institution-kind-funder = Фонд
institution-kind-ministry = Министерство
institution-kind-company = Компания
institution-kind-other = Другое

form-lab-status-title = Записать изменение статуса
form-lab-status-submit = Записать статус
form-field-status = Новый статус
form-field-effective-on = С какого дня действует
form-field-reason = Причина
form-hint-status-reason = Она будет показана на шкале времени центра, например «Завершилось целевое финансирование». Записи не редактируются: ошибку исправляет более новая запись.
form-error-invalid-date = Укажите дату в виде ГГГГ-ММ-ДД.

page-lab-new-title = Зарегистрировать лабораторию
home-register-lab = Зарегистрировать лабораторию
form-field-institution-id = Организация
form-field-centre-id = Совместный центр
form-field-head-user-id = Руководитель
form-field-research-line = Направление исследований
form-picker-hint = Введите любое из названий на любом языке и выберите организацию в списке.
form-picker-search = Поиск по названию
form-picker-find = Найти
form-picker-none = (не выбрано)
form-error-unknown-institution = Такой записи нет: выберите её из списка.
form-error-unknown-centre = Такой записи нет: выберите её из списка.
form-error-unknown-user = Такой записи нет: выберите её из списка.
form-error-not-a-lab-head = Эта учётная запись не принадлежит руководителю лаборатории: выберите из списка.

page-mirror-link-new-title = Связать { $name } с другой лабораторией
page-mirror-link-end-title = Завершить связь { $between }
form-mirror-link-new = Связать с зеркальной лабораторией
form-mirror-link-end = Завершить связь
form-mirror-link-end-submit = Завершить связь
form-field-lab-b-id = Лаборатория для связи
form-field-starts-on = Действует с
form-field-ends-on = Последний день действия
form-field-end-reason = Причина
form-hint-mirror-kind = Зеркальная: одна лаборатория в России и одна в Китае. Третья страна: хотя бы одна в другой стране.
form-hint-end-reason = Она будет показана на шкале времени центра, например «Завершилось целевое финансирование».
form-error-same-lab = Лабораторию нельзя связать с ней самой.
form-error-countries-do-not-fit = Страны этих лабораторий не подходят для такого вида связи.
form-error-overlapping-link = Эти лаборатории уже связаны на эти даты.
form-error-unknown-lab = Такой лаборатории нет: выберите её из списка.
form-error-before-start = Окончание не может быть раньше начала.

page-funding-new-title = Записать финансирование проекта «{ $project }»
form-funding-new = Записать финансирование
form-funder-closed = закрыт
form-amount = Сумма
form-field-funder-id = Фонд
form-field-lab-id = Финансируемая лаборатория
form-field-call-name = Конкурс или программа
form-field-award-number = Номер гранта
form-field-amount = Сумма, как вы её пишете
form-field-currency = Валюта
form-hint-amount = Например, 18 000 000,00 ₽, 1,800,000.00 или ¥2 000 000; хранится точно, до копейки или фыня.
form-hint-funding-lab = Финансируемая сторона — страна этой лаборатории.
form-error-not-an-amount = Это не сумма: напишите цифры, при желании с пробелами или запятыми между тысячами.
form-error-too-precise = Слишком много знаков после запятой: не более двух (копейки, фыни, центы).
form-error-too-large = Больше, чем может быть любой грант.
form-error-two-currencies = В сумме указана другая валюта, чем выбранная.

## People (administrators and coordinators) and partner API tokens (administrators)

nav-people = Люди
page-people-title = Люди
people-caption =
    { $count } { $count ->
        [one] учётная запись
        [few] учётные записи
       *[many] учётных записей
    }
people-search = Найти по адресу электронной почты
people-search-submit = Найти
people-status = Состояние
people-actions = Действия
people-invitation-pending = Приглашение отправлено, ещё не принято
people-invite = Пригласить человека
people-resend = Отправить приглашение ещё раз
people-revoke = Отозвать приглашение
people-next = Следующие учётные записи
people-tokens-hint = Токены API для партнёров выдаются на странице каждой организации (найдите её через поиск).
people-done-invited = Приглашение отправлено: { $name } ({ $email }).
people-done-resent = Новое приглашение отправлено: { $name } ({ $email }); прежняя ссылка больше не действует.
people-done-revoked = Приглашение для { $name } ({ $email }) отозвано: его ссылка больше не действует.
people-done-saved = Учётная запись { $name } ({ $email }) изменена.
people-own-access = Вашу собственную роль, состояние и организацию может изменить только другой администратор.
page-invite-title = Пригласить человека
page-invite-intro = Человек получит письмо на выбранном ниже языке со ссылкой, по которой он задаст свой пароль. Руководители лабораторий и партнёры относятся к организации.
page-person-title = Изменить учётную запись
people-invite-submit = Отправить приглашение
form-field-email = Адрес электронной почты
form-field-display-name = Имя
form-field-role = Роль
form-field-language = Язык писем
form-hint-invite-language = Приглашение и все последующие письма этому человеку будут на этом языке.
form-error-email = Это не адрес электронной почты.
form-error-email-already-registered = Для этого адреса уже есть учётная запись.
form-error-invalid-status = Состояние «приглашён» устанавливается только приглашением: выберите «Активен» или «Заблокирован».
history-action-invite = Приглашение

partner-tokens-title = Токены API для партнёров
partner-tokens-intro = Токен API позволяет информационным системам этой организации читать данные реестра через API в пределах её прав. Передавайте его в заголовке «Authorization: Bearer …».
partner-tokens-none = Для этой организации токены не выдавались.
partner-tokens-prefix = Начало
partner-tokens-created = Выдан
partner-tokens-last-used = Последнее использование
partner-tokens-never-used = Не использовался
partner-tokens-state = Состояние
partner-tokens-revoked = Отозван
partner-tokens-revoke = Отозвать
partner-tokens-issue = Выдать токен
partner-tokens-issue-submit = Выдать токен
form-field-name = Название
form-field-expires-at = Действует до
form-hint-partner-token-name = Для чего токен, например «Ночная синхронизация, научный отдел Уханьского университета».
form-hint-partner-token-expires = Необязательно: последний день действия (до его конца, UTC). Оставьте пустым, если срок не ограничен.
form-error-in-the-past = Выберите день, который ещё не закончился.
partner-tokens-issued-title = Новый токен API для партнёра: { $institution }
partner-tokens-shown-once = Скопируйте токен сейчас. Он показывается только один раз: реестр не хранит его копию, и показать его снова никто не сможет.
partner-tokens-secret = Токен «{ $name }»
partner-tokens-copy = Скопировать токен
partner-tokens-copied = Скопировано.
partner-tokens-already-issued = Эта форма уже была отправлена, и её токен был показан тогда; повторно он не показывается. Если вы его не скопировали, отзовите его на странице организации и выдайте новый.
partner-tokens-back = Вернуться к организации
