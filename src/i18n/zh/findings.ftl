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
