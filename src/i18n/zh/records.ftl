## 记录页面：联合中心、实验室、项目，以及对它们的搜索。

records-breadcrumbs = 位置导航
records-names = 名称
records-name-en = 英文
records-name-ru = 俄文
records-name-zh = 中文
records-status = 状态
records-since = 起始日期
records-founded = 成立日期
records-description = 简介
records-hosts = 承办机构
records-institution = 机构
records-country = 国家
records-centre = 联合中心
records-research-line = 研究方向
records-labs = 实验室
records-lab = 实验室
records-project = 项目
records-projects = 项目
records-period = 期限
records-role = 角色
records-date = 日期
records-event = 事件
records-reason = 原因
records-kind = 类型
records-not-stated = 未注明
records-shown-of =
    显示 { $total } 条中的 { $shown } 条。

## 联合中心的时间线

records-centre-labs-caption = 中心的实验室
records-timeline-heading = 时间线
records-timeline-title = { $name }的时间线
records-timeline-steady =
    { $pairs ->
       *[other] 自{ $since }起有{ $pairs }对镜像实验室。
    }
records-timeline-changed =
    { $peak ->
       *[other] 自{ $peak_since }起有{ $peak }对镜像实验室；自{ $since }起为{ $pairs }对。
    }
records-events-caption = 事件及其原因
records-counts-caption = 每个有事件的日期之后的实验室和有效关系数量
records-counts-labs = 实验室（未关闭）
records-counts-mirror-pairs = 有效镜像实验室对
records-counts-third-country = 有效第三国关系
records-event-lab-status = { $lab }：{ $status }
records-event-link-started = 建立关系（{ $kind }）：{ $a } ↔ { $b }
records-event-link-ended = 关系终止（{ $kind }）：{ $a } ↔ { $b }；最后一天为{ $last_day }
records-event-labs =
    { $status }：{ $count ->
       *[other] { $count }个实验室
    }
records-event-links-started =
    { $count ->
       *[other] 建立{ $count }个关系
    }（{ $kind }）
records-event-links-ended =
    { $count ->
       *[other] 终止{ $count }个关系
    }（{ $kind }）

## 资助覆盖情况

records-coverage-heading = 资助覆盖情况
records-coverage-title = { $name }的资助覆盖情况
records-coverage-summary =
    { $from }至{ $to }：{ $covered ->
       *[other] 有资助{ $covered }天
    }，{ $gaps ->
       *[other] 缺口{ $gaps }天
    }。
records-coverage-caption = 资助覆盖情况：总体、各方及各资助机构
records-coverage-of = 覆盖
records-coverage-overall = 总体
records-coverage-covered-days = 有资助天数
records-coverage-gaps = 缺口
records-gap-label =
    缺口 · { $days ->
       *[other] { $days }天
    }
records-gap-period =
    { $period }（{ $days ->
       *[other] { $days }天
    }）
records-funder-closed = { $code }（已停止资助）
records-coverage-no-projects = 此覆盖情况背后没有您可查看的项目。

## 资助记录

records-funding-heading = 资助
records-funding-caption = 项目的资助记录
records-funder = 资助机构
records-call = 项目指南
records-award-number = 批准号
records-side = 方
records-amount = 金额

## 成果

records-outputs-heading = 成果
records-outputs-caption = 项目的成果
records-title = 题目
records-year = 年份
records-doi = DOI
records-author-countries = 作者所在国家
records-no-outputs = 暂无成果。
output-kind-journal-article = 期刊论文
output-kind-conference-paper = 会议论文
output-kind-patent = 专利
output-kind-dataset = 数据集
output-kind-software = 软件
output-kind-agreement = 协议
output-kind-educational-programme = 教育项目
output-kind-report = 报告

## 项目的人员和实验室

records-participants-heading = 人员
records-participants-caption = 项目参与人员
records-person = 姓名
records-orcid = ORCID
records-no-participants = 暂无人员记录。
records-project-labs-caption = 参与的实验室
participant-role-principal-investigator = 项目负责人
participant-role-co-investigator = 共同负责人
participant-role-researcher = 研究人员
participant-role-postdoc = 博士后
participant-role-student = 学生
participant-role-engineer = 工程师
participant-role-other = 其他

## 项目

records-acronym = 简称
records-visibility = 可见范围
records-summary = 摘要
records-subject-areas = 学科领域
records-keywords = 关键词

## 实验室

records-status-history-caption = 状态历史
records-mirror-links-caption = 镜像实验室
records-partner-lab = 合作实验室
records-no-mirror-links = 暂无镜像实验室关系。
records-lab-projects-caption = 实验室的项目
records-no-projects = 没有您可查看的项目。

## 记录的历史

records-history-heading = 历史
records-history-caption = 变更记录，最新的在前
records-history-when = 时间
records-history-who = 操作人
records-history-action = 变更
records-history-fields = 变更字段
records-history-more =
    { $count ->
       *[other] 仅显示最近{ $count }次变更。
    }
records-history-empty = 暂无变更记录。
records-actor-system = 登记系统
records-actor-partner-token = 合作机构的API令牌
records-actor-member = 登记系统用户
records-value-none = （无）
history-action-create = 创建
history-action-update = 修改
history-action-delete = 删除
history-action-status = 记录状态
history-action-end = 终止

## 搜索

records-search-intro = 按任意名称或题目（任何文字）查找机构、联合中心、实验室和项目。
records-search-label = 名称或题目
records-search-submit = 搜索
records-search-results = “{ $query }”的搜索结果
records-search-institutions = 机构
records-search-centres = 联合中心
records-search-labs = 实验室
records-search-projects = 项目
records-search-invalid = 搜索内容不能包含控制字符，且最多200个字符。
