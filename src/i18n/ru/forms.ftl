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
form-error-already-registered = С этим идентификатором ROR уже зарегистрирована другая организация.

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
form-error-before-start = Последний день не может быть раньше начала связи.
