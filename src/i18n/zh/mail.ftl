## mail
## 系统邮件，使用收件人的语言（账户的 `language` 字段）：由以下段落组成的纯文本
## （src/email/letter.rs）。链接单独成行，位于说明它的段落之后。日期已按语言格式化。

mail-greeting = { $name }，您好：
mail-signature = jointreg——中俄联合研究登记系统

## 邀请（auth::messages）

mail-invitation-subject = jointreg 邀请
mail-invitation-intro = 您受邀加入 jointreg——中俄联合研究登记系统，角色为：{ $role }。
mail-invitation-action = 如接受邀请，请打开以下链接并设置至少{ $min }个字符的密码。链接仅可使用一次，{ $hours }小时内有效：
mail-invitation-ignore = 如果您并未期待此邀请，请忽略本邮件。

## 重置密码（auth::messages）

mail-password-reset-subject = 重置 jointreg 密码
mail-password-reset-intro = 有人（可能是您本人）申请重置您的 jointreg 账户密码。
mail-password-reset-action = 如需设置新密码，请打开以下链接。链接仅可使用一次，{ $hours }小时内有效：
mail-password-reset-ignore = 如果不是您本人操作，请忽略本邮件，您的密码不会改变。

## 发给项目各实验室负责人的资助中断预警（alerts::messages）

mail-coverage-loss-subject = 项目“{ $title }”的资助将在{ $days }天后结束
mail-coverage-loss-intro = 您实验室的项目“{ $title }”的资助持续到{ $last_covered }。自{ $first_uncovered }起，没有已获批或执行中的资助覆盖该项目，之后也尚无资助安排：距今天（{ $today }）还有{ $days }天。
mail-coverage-loss-what-to-do = 您可以：
mail-coverage-loss-record = 如有新的资助或延期即将到位，请在项目页面登记（获批前状态为“{ $applied }”，获批后为“{ $awarded }”）；
mail-coverage-loss-end = 如项目提前结束，请在该页面修改结束日期或状态；
mail-coverage-loss-help = 如需寻找资助方面的帮助，请直接回复本邮件，协调员会阅读。
mail-coverage-loss-link = 项目、资助及双方的资助覆盖情况：
mail-coverage-loss-once = 对于这一日期，本邮件只在提前{ $threshold }天时发送一次。

## 发给协调员的未审核预警每周摘要（alerts::messages）

mail-digest-subject = jointreg 每周摘要 { $week }：{ $count }项未审核的资助预警
mail-digest-intro = 以下是未来{ $horizon }天内尚未有人审核的资助预警，最新的在前：
mail-digest-more = ……另有{ $count }项。
mail-digest-review = 请在控制台中审核：确认预警或记录计划采取的措施后，该预警将不再出现在此列表中。
mail-digest-link = 控制台中的未处理预警：
