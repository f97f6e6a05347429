# 写入记录的表单（console/pages/form.rs 及各记录表单）。

page-institutions-title = 机构
page-institution-new-title = 登记机构
page-change-title = 修改：{ $name }
home-register-institution = 登记机构

form-names = 名称
form-field-names-en = 英文名称
form-field-names-ru = 俄文名称
form-field-names-zh = 中文名称
form-field-country = 国家
form-field-city = 城市
form-field-kind = 类型
form-field-ror-id = ROR 标识符
form-field-website = 网站
form-hint-country = 两个字母的 ISO 代码，例如 RU、CN 或 KZ。
form-hint-ror-id = 选填，例如 https://ror.org/033vjfk17；系统会核对校验位。
form-hint-website = 选填；以 https:// 开头的完整地址。
form-choose = 请选择…
form-save = 保存
form-cancel = 取消
form-edit = 修改
form-changed-meanwhile = 您打开表单后，其他人保存了对此记录的修改，因此您的修改未被保存：
form-changed-meanwhile-again = 表单中仍保留着您填写的内容。请与上方的修改对照后再次保存，以应用您的修改。

form-error-invalid = 此值不被接受。
form-error-invalid-value = 请从列表中选择一个值。
form-error-required = 请填写此项。
form-error-blank = 请填写此项：仅有空格不算填写。
form-error-length = 内容过长。
form-error-control-character = 请删除换行符和控制字符。
form-error-nul-character = 请删除 NUL 字符。
form-error-invalid-country = 不是国家代码：请填写两个字母，例如 RU、CN 或 KZ。
form-error-invalid-ror-id = ROR 标识符无效：请在 ror.org 上核对（最后两位是校验位）。
form-error-invalid-url = 请填写以 http:// 或 https:// 开头的完整地址。
form-error-already-registered = 已有其他机构使用此 ROR 标识符登记。

institution-kind-university = 大学
institution-kind-academy-institute = 科学院研究所
institution-kind-funder = 资助机构
institution-kind-ministry = 部委
institution-kind-company = 企业
institution-kind-other = 其他

form-lab-status-title = 记录状态变更
form-lab-status-submit = 记录状态
form-field-status = 新状态
form-field-effective-on = 生效日期
form-field-reason = 原因
form-hint-status-reason = 将显示在中心的时间线上，例如“定向资助结束”。记录不可修改：如有错误，请以新的记录更正。
form-error-invalid-date = 请按 YYYY-MM-DD 格式填写日期。

page-lab-new-title = 登记实验室
home-register-lab = 登记实验室
form-field-institution-id = 机构
form-field-centre-id = 联合中心
form-field-head-user-id = 负责人
form-field-research-line = 研究方向
form-picker-hint = 输入任一语言的任一名称，然后在列表中选择。
form-picker-search = 按名称搜索
form-picker-find = 查找
form-picker-none = （未选择）
form-error-unknown-institution = 没有这条记录：请从列表中选择。
form-error-unknown-centre = 没有这条记录：请从列表中选择。
form-error-unknown-user = 没有这条记录：请从列表中选择。
form-error-not-a-lab-head = 该账户不是实验室负责人：请从列表中选择。

page-mirror-link-new-title = 将{ $name }与另一实验室关联
page-mirror-link-end-title = 终止关联：{ $between }
form-mirror-link-new = 关联镜像实验室
form-mirror-link-end = 终止此关联
form-mirror-link-end-submit = 终止关联
form-field-lab-b-id = 要关联的实验室
form-field-starts-on = 生效日期
form-field-ends-on = 最后生效日
form-field-end-reason = 原因
form-hint-mirror-kind = 镜像：一个实验室在俄罗斯，一个在中国。第三国：至少一个在其他国家。
form-hint-end-reason = 将显示在中心的时间线上，例如“定向资助结束”。
form-error-same-lab = 实验室不能与自身关联。
form-error-countries-do-not-fit = 这些实验室所在国家不符合此类关联。
form-error-overlapping-link = 这些实验室在这些日期内已有关联。
form-error-unknown-lab = 没有这个实验室：请从列表中选择。
form-error-before-start = 最后生效日不能早于关联开始日期。
