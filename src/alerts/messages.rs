//! The alert mail. Plain text, in English with short Russian and Chinese lines, since recipients
//! are on both sides.

use chrono::{Days, NaiveDate};

use super::coverage_loss::CoverageLoss;
use super::digest::LISTED;
use crate::email::OutgoingMessage;
use crate::findings::engine::Finding;

pub fn coverage_loss(public_url: &str, to: &str, name: &str, loss: &CoverageLoss, today: NaiveDate) -> OutgoingMessage {
    let last_covered = loss.first_uncovered.checked_sub_days(Days::new(1)).unwrap_or(loss.first_uncovered);
    let (title, days) = (&loss.title, loss.days_left);
    OutgoingMessage {
        kind: "coverage_alert",
        to: to.into(),
        subject: format!("Funding of “{title}” ends in {days} days / Финансирование заканчивается / 资助即将结束"),
        body: format!(
            "Dear {name},\n\n\
             the project “{title}” of your laboratory is funded until {last_covered}. From {first} no \
             awarded or active funding covers it, and nothing is lined up after it: {days} days from \
             today ({today}).\n\n\
             What to do:\n\
             - if a new award or an extension is coming, record it (status `applied` until it is \
             awarded, then `awarded`): POST {public_url}/api/v1/funding\n\
             - if the project ends earlier than planned, change its end date or status: PATCH \
             {public_url}/api/v1/projects/{project}\n\
             - if you need help finding funding, answer this message: the coordinators read it.\n\
             Its coverage, stretch by stretch and side by side: GET \
             {public_url}/api/v1/projects/{project}/coverage\n\n\
             Финансирование проекта «{title}» заканчивается {last_covered}; новое не внесено ({days} дн.).\n\
             项目“{title}”的资助将于{last_covered}结束，之后尚无资助（剩余{days}天）。\n\n\
             You get this message {threshold} days ahead at most once for this date.\n",
            first = loss.first_uncovered,
            project = loss.project_id,
            threshold = loss.threshold,
        ),
    }
}

pub fn digest(public_url: &str, to: &str, name: &str, week: &str, findings: &[&Finding]) -> OutgoingMessage {
    let mut list = String::new();
    for finding in findings.iter().take(LISTED) {
        list.push_str(&format!("- [{}] {} (key {})\n", finding.kind.as_str(), finding.explanation, finding.key));
    }
    if findings.len() > LISTED {
        list.push_str(&format!("… and {} more.\n", findings.len() - LISTED));
    }
    OutgoingMessage {
        kind: "findings_digest",
        to: to.into(),
        subject: format!(
            "jointreg weekly digest {week}: {} unreviewed findings / Еженедельная сводка / 每周摘要",
            findings.len()
        ),
        body: format!(
            "Dear {name},\n\n\
             these funding findings of the next 180 days are open and nobody has reviewed them yet, \
             newest first:\n\n{list}\n\
             All open findings, most urgent first: GET {public_url}/api/v1/funding-gaps\n\
             Review a finding by its key (acknowledge it, or note the action planned) so that it \
             leaves this list: POST {public_url}/api/v1/funding-gaps/{{key}}/reviews\n\n\
             Непросмотренные проблемы финансирования: {count}. 未审核的资助问题：{count}。\n",
            count = findings.len()
        ),
    }
}
