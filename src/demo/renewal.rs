//! A second, younger centre of the same two universities, waiting on a renewal: the RSF and NSFC
//! awards of its one project ended last month, and the renewal is applied for, not yet awarded.
//! Applied funding covers nothing, so the project has a gap that bites today, and both of its
//! laboratories and the centre itself are at risk: what the registry exists to show early.

use chrono::NaiveDate;

use crate::db::DbConn;
use crate::db::models::centre::{Centre, CentreFields, CentreStatus};
use crate::db::models::history::Actor;
use crate::db::models::mirror_link::{MirrorLink, NewMirrorLink};
use crate::db::models::project::{Participant, Project, ProjectFields, ProjectLab, Texts};
use crate::demo::outputs::{Award, NSFC, RSF, record};
use crate::demo::{day, lab, month_end};
use crate::domain::lab::MirrorKind;
use crate::domain::money::Currency;
use crate::domain::project::{FundingStatus, LabRole, ParticipantRole, ProjectStatus, Visibility};
use crate::error::ApiError;

pub const CENTRE_NAME: &str = "Ural–Wuhan Centre for Composite Materials";
const LINE: &str = "Composite materials";

pub fn load(conn: &mut DbConn, actor: &Actor, (susu, whu): (&str, &str), today: NaiveDate) -> Result<(), ApiError> {
    let opened = day("2022-03-01")?;
    let centre = Centre::insert(
        conn,
        CentreFields {
            name_en: CENTRE_NAME.into(),
            name_ru: Some("Урало-Уханьский центр композиционных материалов".into()),
            name_zh: Some("乌拉尔—武汉复合材料中心".into()),
            founded_on: Some(opened),
            status: CentreStatus::Active,
            description: Some(
                "One mirror-lab pair working on heat-resistant composites; its first awards have ended and the \
                 renewal is under review. (Demo data: dates are illustrative.)"
                    .into(),
            ),
            host_ids: vec![susu.into(), whu.into()],
        },
        actor,
    )?
    .centre;
    let ru_names = (Some("Лаборатория композиционных материалов"), None);
    let ru_lab = lab(conn, actor, &centre.id, susu, (LINE, "Chelyabinsk"), ru_names, opened)?;
    let cn_lab = lab(conn, actor, &centre.id, whu, (LINE, "Wuhan"), (None, Some("复合材料实验室")), opened)?;
    let pair = NewMirrorLink {
        lab_a_id: ru_lab.clone(),
        lab_b_id: cn_lab.clone(),
        kind: MirrorKind::Mirror,
        starts_on: opened,
        ends_on: None,
        end_reason: None,
    };
    MirrorLink::insert(conn, pair, actor)?;

    let project = Project::insert(
        conn,
        ProjectFields {
            titles: Texts {
                en: Some("Heat-resistant polymer composites for northern pipelines".into()),
                ru: Some("Термостойкие полимерные композиты для северных трубопроводов".into()),
                zh: Some("用于北方管道的耐热聚合物复合材料".into()),
            },
            summaries: Texts::default(),
            acronym: Some("HEATCOMP".into()),
            identifiers: vec![],
            starts_on: opened,
            ends_on: Some(month_end(today, 24)?),
            status: ProjectStatus::Active,
            visibility: Visibility::Partners,
            subject_areas: vec![2505],
            labs: vec![
                ProjectLab { lab_id: ru_lab.clone(), role: LabRole::Lead },
                ProjectLab { lab_id: cn_lab.clone(), role: LabRole::Partner },
            ],
            participants: vec![Participant {
                name: "Сергей Волков".into(),
                orcid: None,
                role: ParticipantRole::PrincipalInvestigator,
                lab_id: Some(ru_lab.clone()),
            }],
            keywords: vec!["composites".into(), "композиты".into(), "复合材料".into()],
        },
        actor,
    )?
    .id;
    let ended = month_end(today, -1)?;
    let renewal_starts = month_end(today, 0)?.succ_opt().ok_or_else(|| ApiError::internal_message("demo dates"))?;
    let awards = [
        (RSF, "22-49-00025", (600_000_000, Currency::Rub), (opened, ended), FundingStatus::Ended, &ru_lab),
        (NSFC, "52261135021", (100_000_000, Currency::Cny), (opened, ended), FundingStatus::Ended, &cn_lab),
        (
            RSF,
            "26-49-00031",
            (600_000_000, Currency::Rub),
            (renewal_starts, month_end(today, 24)?),
            FundingStatus::Applied,
            &ru_lab,
        ),
    ];
    for (funder, number, amount, period, status, lab) in awards {
        let call = "RSF–NSFC joint call: international research teams";
        record(conn, actor, Award { project: &project, funder, call, number, amount, period, status, lab })?;
    }
    Ok(())
}
