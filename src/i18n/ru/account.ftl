## account
## Страницы учётной записи (src/console/pages/{invitation,password_reset,account}.rs) берут общие
## слова из common.ftl (invitation-*, password-*, field-*); здесь — те, которых там нет.

account-name = Имя
account-role = Роль
account-institution = Организация
account-language = Язык писем
account-language-hint = Язык, выбранный вверху любой страницы, — это и язык писем, которые вам присылает реестр.
account-password-change-intro = После смены пароля вы выйдете из системы везде, в том числе здесь: затем войдите с новым паролем.
account-sign-out-everywhere-title = Выйти везде
account-sign-out-everywhere-intro = Завершает все сеансы вашей учётной записи: во всех браузерах, на всех устройствах и в скриптах, работающих через API. Сделайте это, если потеряли устройство или подозреваете, что кто-то вошёл под вашим именем.
account-sign-out-everywhere-submit = Выйти везде
account-signed-out-everywhere = Вы вышли из системы везде. Чтобы продолжить, войдите снова.
account-password-changed = Пароль изменён, и вы вышли из системы везде. Войдите с новым паролем.
account-password-error-unusable = В пароле есть символ, который нельзя использовать. Введите пароль заново.
account-back-to-sign-in = Вернуться ко входу
account-request-new-link = Запросить новую ссылку
