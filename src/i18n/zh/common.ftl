# 控制台界面的简体中文文本。消息与属性须与 en.ftl、ru.ftl 一一对应（由单元测试检查）。
# 中文没有复数变化，不需要选择表达式。

## Application

app-name = jointreg
app-tagline = 中俄联合研究登记系统

## Navigation

nav-main = 主导航
nav-skip-to-content = 跳至正文
nav-home = 首页
nav-centres = 联合中心
nav-labs = 实验室
nav-projects = 项目
nav-search = 搜索
nav-my-account = 我的账户
nav-sign-in = 登录
nav-sign-out = 退出登录
nav-language = 语言

## Page titles

page-home-title = 概览
page-centres-title = 联合中心
page-labs-title = 实验室
page-projects-title = 项目
page-search-title = 搜索
page-findings-title = 资助预警
page-timeline-title = 时间线
page-account-title = 我的账户
page-sign-in-title = 登录
page-invitation-title = 接受邀请
page-password-reset-title = 重置密码
page-password-change-title = 修改密码

## Form fields shared by the account forms

field-email = 电子邮箱
    .hint = 注册账户时使用的邮箱地址。
field-password = 密码
field-current-password = 当前密码
field-new-password = 新密码
    .hint = 至少{ $min }个字符。由几个词组成的密码既好记又安全。
field-repeat-password = 再次输入新密码
form-errors-summary = 请更正下方标出的字段。
form-required = 必填

## Sign in

sign-in-title = 登录 jointreg
sign-in-intro = 请使用账户的邮箱地址和密码登录。
sign-in-submit = 登录
sign-in-forgot-password = 忘记密码？
sign-in-error-wrong-credentials = 邮箱地址或密码错误。
sign-in-error-too-many-attempts = 登录失败次数过多，请在{ $minutes }分钟后重试。

## Sign out

sign-out-title = 退出登录
sign-out-confirm = 确定要在此设备上退出 jointreg 吗？
sign-out-submit = 退出登录
sign-out-done = 您已退出登录。

## Invitation

invitation-title = 接受邀请
invitation-intro = 您已受邀加入 jointreg，角色为：{ $role }。请设置密码以激活账户。
invitation-validity = 邀请自发出起{ $hours }小时内有效。
invitation-submit = 激活账户
invitation-done = 您的账户已激活，现在可以登录。
invitation-error-link-invalid = 该邀请链接已过期或已被使用。请联系管理员重新发送邀请。

## Password reset

password-reset-title = 重置密码
password-reset-request-intro = 请输入账户的邮箱地址，我们将向该邮箱发送设置新密码的链接。
password-reset-request-submit = 发送链接
password-reset-request-sent = 如果存在使用该邮箱的账户，我们已向其发送链接。请查收邮件（包括垃圾邮件文件夹）。
password-reset-link-validity = 链接在{ $hours }小时内有效。
password-reset-choose-title = 设置新密码
password-reset-submit = 保存新密码
password-reset-done = 密码已修改，请使用新密码登录。
password-reset-error-link-invalid = 该链接已过期或已被使用，请重新申请。

## Change password

password-change-title = 修改密码
password-change-submit = 修改密码
password-change-done = 密码已修改。
password-change-error-wrong-current = 当前密码不正确。

## Password rules, shared by the forms above

password-error-too-short = 密码长度不得少于{ $min }个字符。
password-error-too-long = 密码长度不得超过{ $max }个字符。
password-error-common = 该密码过于常见，请换一个。
password-error-mismatch = 两次输入的密码不一致。

## Generic words and actions

common-save = 保存
common-cancel = 取消
common-back = 返回
common-edit = 编辑
common-filter = 筛选
common-clear-filters = 清除筛选条件
common-download-csv = 下载 CSV
common-next-page = 下一页
common-previous-page = 上一页
common-page-of = 第{ $page }页，共{ $pages }页
common-results = 共{ $count }条结果
common-none = 无
common-unknown = 未知
common-loading = 加载中…
common-yes = 是
common-no = 否

## Relative days

days-today = 今天
days-in = { $count }天后
days-ago = { $count }天前

## Roles

role-admin = 系统管理员
role-coordinator = 协调员
role-lab-head = 实验室负责人
role-partner = 合作机构

## Account statuses

user-status-invited = 已邀请
user-status-active = 已激活
user-status-disabled = 已停用

## Laboratory statuses

lab-status-planned = 筹建中
lab-status-active = 运行中
lab-status-suspended = 已暂停
lab-status-closed = 已关闭

## Joint centre statuses

centre-status-planned = 筹建中
centre-status-active = 运行中
centre-status-reduced = 缩减运行
    .hint = 实验室或研究方向少于原计划。
centre-status-suspended = 已暂停
centre-status-closed = 已关闭

## Project statuses

project-status-planned = 计划中
project-status-active = 进行中
project-status-suspended = 已暂停
project-status-completed = 已完成
project-status-cancelled = 已取消

## A laboratory's part in a project

lab-role-lead = 牵头实验室
lab-role-partner = 合作实验室

## Visibility

visibility-public = 公开
    .hint = 任何人均可查看，无需登录。
visibility-partners = 合作方可见
    .hint = 所有已登录用户和合作机构均可查看。
visibility-restricted = 受限
    .hint = 仅协调员、管理员、参与实验室的负责人及参与机构可查看。

## Funding statuses

funding-status-applied = 已申请
funding-status-awarded = 已获批
funding-status-active = 执行中
funding-status-ended = 已结束
funding-status-rejected = 未获批
funding-status-withdrawn = 已撤回

## Funder statuses

funder-status-active = 正常资助
funder-status-closed = 已停止资助

## Findings

finding-kind-gap = 资助缺口
    .hint = 项目周期内没有任何资助覆盖的时段。
finding-kind-expiring = 资助即将到期
    .hint = 当前资助即将结束，后续资助尚未落实。
finding-kind-one-sided = 单方资助
    .hint = 项目中一方已获资助，另一方尚无资助。
finding-kind-funder-lapsed = 资助方已停止资助
    .hint = 今后的资助依赖于一家已不再发放资助的资助方。
finding-kind-lab-at-risk = 实验室面临风险
    .hint = 该实验室没有任何在研项目在未来90天内全程获得资助。
finding-kind-centre-at-risk = 联合中心面临风险
    .hint = 该联合中心没有任何在研项目在未来90天内全程获得资助。
findings-open = { $count }条未解除的预警

## Reviews of findings

review-state-none = 未审阅
review-state-acknowledged = 已知悉
review-state-action-planned = 已计划处理
review-state-resolved-externally = 已在登记系统外解决
review-note = 备注
review-owner = 负责人
review-submit = 保存审阅结果

## Sides of a joint project

side-ru = 俄方
side-cn = 中方
side-other = 其他国家

## Timeline

timeline-events = 事件
timeline-mirror-link-started = 建立镜像实验室关系
timeline-mirror-link-ended = 镜像实验室关系终止
timeline-status-changed = 状态变更：{ $from } → { $to }
timeline-covered = 有资助
timeline-gap = 缺口
timeline-no-funding = 无资助
timeline-funding-by-side = 各方资助情况
timeline-reason = 原因
mirror-links = 镜像实验室
mirror-kind-mirror = 镜像（中—俄）
mirror-kind-third-country = 第三国

## Empty states

empty-findings = 暂无未解除的预警。
empty-centres = 没有符合条件的联合中心。
empty-labs = 没有符合条件的实验室。
empty-projects = 没有符合条件的项目。
empty-search = 未找到相关结果。
empty-funding = 暂无资助记录。
empty-events = 暂无事件。

## Errors

error-not-found-title = 页面不存在
error-not-found-body = 该页面不存在，或您无权访问。
error-not-allowed-title = 无权操作
error-not-allowed-body = 您的账户无权执行此操作。如有需要，请联系协调员。
error-session-expired-title = 页面已过期
error-session-expired-body = 此页面已过期，请重新登录后再试一次。
error-internal-title = 出错了
error-internal-body = 系统内部出现错误。如果问题再次出现，请将以下请求编号发送给管理员：{ $request_id }
error-too-many-title = 请求过多
error-too-many-body = 短时间内请求过多。请稍等一分钟后重试。
error-unavailable-title = 暂时无法使用
error-unavailable-body = 登记系统繁忙或正在维护。请几分钟后重试。
error-bad-request-title = 无法处理此请求
error-bad-request-body = 地址或表单不符合此页面的要求。请返回后重试。
