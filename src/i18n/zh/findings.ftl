## 资助问题的文字说明：控制台各行与每周摘要。

finding-side-ru = 俄方
finding-side-cn = 中方
finding-text-gap = 项目“{ $name }”自{ $from }至{ $to }无任何资助覆盖（{ $days }天）。
finding-text-expiring = 项目“{ $name }”的资助将于{ $to }结束，之后尚无后续资助。
finding-text-one-sided = 项目“{ $name }”自{ $from }至{ $to }为单方资助：{ $funded }有资助，{ $unfunded }没有。
finding-text-funder-lapsed = 项目“{ $name }”由{ $funder }资助至{ $to }，该资助机构已停止运作：资助不会续期。
finding-text-funder-lapsed-successor = 项目“{ $name }”由{ $funder }资助至{ $to }，该资助机构已停止运作；其职能已移交{ $successor }。
finding-text-lab-at-risk = 实验室“{ $name }”仍在运行，但其在研项目均未获得截至{ $to }每一天的资助。
finding-text-centre-at-risk = 联合中心“{ $name }”：其在运行的实验室均没有截至{ $to }每一天都有资助的项目。

## 问题列表（协调员首页）及其他首页

findings-title = 未解决的资助问题
findings-caption = 未解决的问题，最紧迫的在前
findings-by-kind = 按类型
findings-filters = 筛选问题
findings-filter-kind = 类型
findings-filter-country = 国家
findings-filter-centre = 联合中心
findings-filter-funder = 资助机构
findings-filter-lab = 实验室
findings-filter-institution = 机构
findings-filter-from = 发生日期自
findings-filter-to = 发生日期至
findings-filter-any = 全部
findings-filter-remove = 移除此筛选
findings-col-when = 发生日期
findings-col-kind = 类型
findings-col-what = 问题
findings-col-review = 审核
findings-open-record = 打开
findings-review-action = 审核
findings-review-state = 状态
findings-nobody = 无人
findings-reviewed-by = 审核人：{ $name }，{ $date }
findings-responsible = 负责人：{ $name }
home-losing = 未来90天内将失去资助（至{ $date }）
home-losing-caption = 未来90天内将失去资助的项目
home-losing-none = 未来90天内没有项目失去资助。
home-labs = 您的实验室
home-projects = 您的实验室参与的项目
home-other-findings = 您的其他未解决问题
home-col-lab = 实验室
home-col-project = 项目
home-col-country = 国家
home-col-status = 状态
home-col-period = 期间
home-col-role = 角色
home-partner-institution = 您的机构：{ $name }
home-partner-labs = 其实验室
home-partner-projects = 其实验室参与的项目
home-partner-findings = 其实验室的未解决问题
home-partner-search = 查找其他机构的公开及合作伙伴项目
home-no-institution = 您的账户尚未关联机构。请联系协调员。
