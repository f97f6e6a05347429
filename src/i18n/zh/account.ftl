## account
## 账户页面（src/console/pages/{invitation,password_reset,account}.rs）使用 common.ftl 中的
## 通用文本（invitation-*、password-*、field-*）；此处为其中没有的文本。

account-name = 姓名
account-role = 角色
account-institution = 所属机构
account-language = 邮件语言
account-language-hint = 您在任一页面顶部选择的语言，也是系统发给您的邮件所用的语言。
account-password-change-intro = 修改密码后，您将在所有地方（包括此处）退出登录，请随后使用新密码登录。
account-sign-out-everywhere-title = 在所有设备上退出
account-sign-out-everywhere-intro = 结束您账户的所有会话：所有浏览器、所有设备，以及通过 API 运行的脚本。如果您丢失了设备，或怀疑他人以您的身份登录，请使用此功能。
account-sign-out-everywhere-submit = 在所有设备上退出
account-signed-out-everywhere = 您已在所有设备上退出登录。如需继续，请重新登录。
account-password-changed = 密码已修改，您已在所有设备上退出登录。请使用新密码登录。
account-password-error-unusable = 密码中含有不能使用的字符，请重新输入。
account-back-to-sign-in = 返回登录
account-request-new-link = 重新申请链接
