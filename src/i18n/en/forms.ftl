# Forms that write records (console/pages/form.rs and the record forms). Field labels are
# form-field-<the API's field path, dashed>; refusals are form-error-<the API's error code>.

page-institutions-title = Institutions
page-institution-new-title = Register an institution
page-change-title = Change { $name }
home-register-institution = Register an institution

form-names = Names
form-field-names-en = Name in English
form-field-names-ru = Name in Russian
form-field-names-zh = Name in Chinese
form-field-country = Country
form-field-city = City
form-field-kind = Kind
form-field-ror-id = ROR id
form-field-website = Website
form-hint-country = Two-letter ISO code, e.g. RU, CN or KZ.
form-hint-ror-id = Optional, e.g. https://ror.org/033vjfk17; its checksum is verified.
form-hint-website = Optional; the full address, starting with https://.
form-choose = Choose…
form-save = Save
form-cancel = Cancel
form-edit = Change
form-changed-meanwhile = Someone saved a change to this record after you opened the form, so your change was not saved:
form-changed-meanwhile-again = The form still holds your values. Compare them with the change above, then save again to apply them.

form-error-invalid = This value is not accepted.
form-error-invalid-value = Choose one of the listed values.
form-error-required = Fill this in.
form-error-blank = Fill this in: spaces alone are not a value.
form-error-length = This is too long.
form-error-control-character = Remove line breaks and control characters.
form-error-nul-character = Remove the NUL character.
form-error-invalid-country = Not a country code: use two letters, such as RU, CN or KZ.
form-error-invalid-ror-id = Not a valid ROR id: check it on ror.org (its last two characters are a checksum).
form-error-invalid-url = Enter the full address, starting with http:// or https://.
form-error-ror-id-already-registered = Another institution is already registered with this ROR id.
form-error-award-number-already-registered = This funder's award number is already on record.

institution-kind-university = University
institution-kind-academy-institute = Academy institute
institution-kind-funder = Funder
institution-kind-ministry = Ministry
institution-kind-company = Company
institution-kind-other = Other

form-lab-status-title = Record a change of status
form-lab-status-submit = Record the status
form-field-status = New status
form-field-effective-on = From (the day it takes effect)
form-field-reason = Reason
form-hint-status-reason = It is shown on the centre's timeline, e.g. “Targeted funding ended”. Entries are never edited: a newer one corrects a mistake.
form-error-invalid-date = Enter a date as YYYY-MM-DD.

page-lab-new-title = Register a laboratory
home-register-lab = Register a laboratory
form-field-institution-id = Institution
form-field-centre-id = Joint centre
form-field-head-user-id = Head
form-field-research-line = Research line
form-picker-hint = Type any of its names, in any language, then choose it in the list.
form-picker-search = Search by name
form-picker-find = Find
form-picker-none = (none chosen)
form-error-unknown-institution = No such record: choose one from the list.
form-error-unknown-centre = No such record: choose one from the list.
form-error-unknown-user = No such record: choose one from the list.
form-error-not-a-lab-head = This account is not a lab head: choose one from the list.

page-mirror-link-new-title = Link { $name } with another laboratory
page-mirror-link-end-title = End the link { $between }
form-mirror-link-new = Link a mirror laboratory
form-mirror-link-end = End this link
form-mirror-link-end-submit = End the link
form-field-lab-b-id = Laboratory to link with
form-field-starts-on = In force from
form-field-ends-on = Last day in force
form-field-end-reason = Reason
form-hint-mirror-kind = Mirror: one laboratory in Russia and one in China. Third country: at least one elsewhere.
form-hint-end-reason = It is shown on the centre's timeline, e.g. “Targeted funding ended”.
form-error-same-lab = A laboratory cannot be linked with itself.
form-error-countries-do-not-fit = These laboratories' countries do not fit this kind of link.
form-error-overlapping-link = These laboratories are already linked over these dates.
form-error-unknown-lab = No such laboratory: choose one from the list.
form-error-before-start = The end cannot be before the start.

page-funding-new-title = Record funding of { $project }
form-funding-new = Record funding
form-funder-closed = closed on
form-amount = Amount
form-field-funder-id = Funder
form-field-lab-id = Laboratory funded
form-field-call-name = Call or programme
form-field-award-number = Award number
form-field-amount = Amount, as you would write it
form-field-currency = Currency
form-hint-amount = For example 18 000 000,00 ₽, 1,800,000.00 or ¥2 000 000; kept exactly, to the kopeck or fen.
form-hint-funding-lab = The side it funds is this laboratory's country.
form-error-not-an-amount = Not an amount: write digits, with spaces or commas between thousands if you like.
form-error-too-precise = Too many decimals: at most two (kopecks, fen, cents).
form-error-too-large = Larger than any award can be.
form-error-two-currencies = The amount names another currency than the one chosen.
