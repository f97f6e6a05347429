//! The demo centre's projects: one funded by an RSF–NSFC joint call with a Russian and a Chinese
//! side, two funded by RFBR (one finished before it stopped issuing grants, one whose last
//! award is still running), one not funded at all (a planned third-country site). Titles are
//! illustrative.

use chrono::NaiveDate;

use crate::db::DbConn;
use crate::db::models::history::Actor;
use crate::db::models::project::{Participant, Project, ProjectFields, ProjectLab, Texts};
use crate::demo::{day, month_end};
use crate::domain::project::{LabRole, ParticipantRole, ProjectStatus, Visibility};
use crate::error::ApiError;

/// The demo centre's laboratories: (Russian, Chinese) per research line, and the Almaty site.
pub struct DemoLabs {
    pub inflammation: (String, String),
    pub metabolic: (String, String),
    pub oncology: (String, String),
    pub almaty: String,
}

/// The demo projects' ids, for the funding and outputs that refer to them.
pub struct DemoProjects {
    pub joint_call: String,
    pub rfbr: String,
    pub rfbr_cohort: String,
    pub oncology: String,
}

fn texts(en: &str, ru: &str, zh: &str) -> Texts {
    Texts { en: Some(en.into()), ru: Some(ru.into()), zh: Some(zh.into()) }
}

fn person(name: &str, role: ParticipantRole, lab_id: &str) -> Participant {
    Participant { name: name.into(), orcid: None, role, lab_id: Some(lab_id.into()) }
}

fn labs(lead: &str, partner: &str) -> Vec<ProjectLab> {
    vec![
        ProjectLab { lab_id: lead.into(), role: LabRole::Lead },
        ProjectLab { lab_id: partner.into(), role: LabRole::Partner },
    ]
}

pub fn load(conn: &mut DbConn, actor: &Actor, labs_of: &DemoLabs, today: NaiveDate) -> Result<DemoProjects, ApiError> {
    let (inflammation_ru, inflammation_cn) = (&labs_of.inflammation.0, &labs_of.inflammation.1);
    let joint_call = Project::insert(
        conn,
        ProjectFields {
            titles: texts(
                "Systemic pathology of chronic inflammation: a mirror-laboratory programme",
                "Системная патология хронического воспаления: программа зеркальных лабораторий",
                "慢性炎症的系统病理学：镜像实验室计划",
            ),
            summaries: texts(
                "The Chelyabinsk and Wuhan laboratories run the same inflammation models side by side and pool \
                 their cohorts.",
                "Лаборатории в Челябинске и Ухане параллельно ведут одни и те же модели воспаления и объединяют \
                 когорты.",
                "车里雅宾斯克和武汉的实验室并行运行相同的炎症模型，并合并其队列。",
            ),
            acronym: Some("SYSPATH".into()),
            identifiers: vec![],
            starts_on: day("2024-01-01")?,
            // As long as the Chinese award (see `outputs`).
            ends_on: Some(month_end(today, 13)?),
            status: ProjectStatus::Active,
            visibility: Visibility::Partners,
            subject_areas: vec![2723, 2734],
            labs: labs(inflammation_ru, inflammation_cn),
            participants: vec![
                person("Ирина Соколова", ParticipantRole::PrincipalInvestigator, inflammation_ru),
                person("王磊", ParticipantRole::PrincipalInvestigator, inflammation_cn),
                person("Дмитрий Орлов", ParticipantRole::Researcher, inflammation_ru),
                person("陈静", ParticipantRole::Student, inflammation_cn),
            ],
            keywords: vec!["chronic inflammation".into(), "воспаление".into(), "炎症".into()],
        },
        actor,
    )?;
    let rfbr = Project::insert(
        conn,
        ProjectFields {
            titles: texts(
                "Metabolic pathology of the liver in systemic inflammation",
                "Метаболическая патология печени при системном воспалении",
                "系统性炎症中的肝脏代谢病理",
            ),
            summaries: Texts::default(),
            acronym: None,
            identifiers: vec![],
            starts_on: day("2020-09-01")?,
            ends_on: Some(day("2022-12-31")?),
            status: ProjectStatus::Completed,
            visibility: Visibility::Public,
            subject_areas: vec![2721, 2734],
            labs: labs(&labs_of.metabolic.0, &labs_of.metabolic.1),
            participants: vec![person(
                "Алексей Кузнецов",
                ParticipantRole::PrincipalInvestigator,
                &labs_of.metabolic.0,
            )],
            keywords: vec!["liver".into(), "печень".into(), "肝脏".into()],
        },
        actor,
    )?;
    let oncology = Project::insert(
        conn,
        ProjectFields {
            titles: texts(
                "Tumour microenvironment in chronic inflammation",
                "Микроокружение опухоли при хроническом воспалении",
                "慢性炎症中的肿瘤微环境",
            ),
            summaries: Texts::default(),
            acronym: None,
            identifiers: vec![],
            starts_on: day("2020-09-01")?,
            ends_on: Some(day("2022-12-31")?),
            status: ProjectStatus::Completed,
            visibility: Visibility::Partners,
            subject_areas: vec![2730],
            labs: labs(&labs_of.oncology.1, &labs_of.oncology.0),
            // ORCID's own example iD (a fictitious researcher), so the demo can be a RAiD.
            participants: vec![Participant {
                name: "刘洋".into(),
                orcid: Some("0000-0002-1825-0097".into()),
                role: ParticipantRole::PrincipalInvestigator,
                lab_id: Some(labs_of.oncology.1.clone()),
            }],
            keywords: vec!["oncopathology".into(), "онкопатология".into(), "肿瘤病理".into()],
        },
        actor,
    )?;
    let rfbr_cohort = Project::insert(
        conn,
        ProjectFields {
            titles: texts(
                "Inflammatory markers in the Chelyabinsk cohort",
                "Маркеры воспаления в челябинской когорте",
                "车里雅宾斯克队列中的炎症标志物",
            ),
            summaries: Texts::default(),
            acronym: None,
            identifiers: vec![],
            starts_on: day("2021-01-01")?,
            ends_on: Some(month_end(today, 8)?),
            status: ProjectStatus::Active,
            visibility: Visibility::Partners,
            subject_areas: vec![2723],
            labs: vec![ProjectLab { lab_id: inflammation_ru.clone(), role: LabRole::Lead }],
            participants: vec![person("Дмитрий Орлов", ParticipantRole::PrincipalInvestigator, inflammation_ru)],
            keywords: vec!["cohort".into(), "когорта".into(), "队列".into()],
        },
        actor,
    )?;
    Project::insert(
        conn,
        ProjectFields {
            titles: texts(
                "Replicating the inflammation models at a third-country site (Almaty)",
                "Воспроизведение моделей воспаления на площадке в третьей стране (Алматы)",
                "在第三国站点（阿拉木图）复制炎症模型",
            ),
            summaries: Texts::default(),
            acronym: None,
            identifiers: vec![],
            starts_on: day("2026-03-01")?,
            ends_on: None,
            status: ProjectStatus::Planned,
            visibility: Visibility::Restricted,
            subject_areas: vec![2734],
            labs: labs(&labs_of.almaty, inflammation_cn),
            participants: vec![],
            keywords: vec![],
        },
        actor,
    )?;
    Ok(DemoProjects { joint_call: joint_call.id, rfbr: rfbr.id, rfbr_cohort: rfbr_cohort.id, oncology: oncology.id })
}
