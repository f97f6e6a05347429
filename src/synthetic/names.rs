//! Titles and names in English, Russian and Chinese, so search and sorting are measured on the
//! scripts the registry really holds.

/// A research topic in the three languages.
pub struct Topic {
    pub en: &'static str,
    pub ru: &'static str,
    pub zh: &'static str,
    /// An ASJC subject area it belongs to.
    pub asjc: i32,
}

pub const TOPICS: [Topic; 12] = [
    Topic {
        en: "permafrost carbon", ru: "углерод вечной мерзлоты", zh: "多年冻土碳", asjc: 1900
    },
    Topic {
        en: "Arctic shipping ice loads",
        ru: "ледовые нагрузки в арктическом судоходстве",
        zh: "北极航运冰荷载",
        asjc: 2200,
    },
    Topic {
        en: "superconducting cables", ru: "сверхпроводящие кабели", zh: "超导电缆", asjc: 3100
    },
    Topic {
        en: "Amur basin hydrology", ru: "гидрология бассейна Амура", zh: "黑龙江流域水文", asjc: 2300
    },
    Topic {
        en: "rare-earth catalysis", ru: "редкоземельный катализ", zh: "稀土催化", asjc: 1600
    },
    Topic {
        en: "high-speed rail acoustics",
        ru: "акустика высокоскоростных железных дорог",
        zh: "高速铁路声学",
        asjc: 2200,
    },
    Topic {
        en: "Baikal rift seismology", ru: "сейсмология Байкальского рифта", zh: "贝加尔裂谷地震学", asjc: 1900
    },
    Topic { en: "photonic sensors", ru: "фотонные датчики", zh: "光子传感器", asjc: 3100 },
    Topic {
        en: "composite materials for aviation",
        ru: "композиционные материалы для авиации",
        zh: "航空复合材料",
        asjc: 2500,
    },
    Topic {
        en: "chronic inflammation pathology",
        ru: "патология хронического воспаления",
        zh: "慢性炎症病理学",
        asjc: 2734,
    },
    Topic {
        en: "machine learning for remote sensing",
        ru: "машинное обучение для дистанционного зондирования",
        zh: "遥感机器学习",
        asjc: 1700,
    },
    Topic {
        en: "hydrogen energy storage", ru: "водородное хранение энергии", zh: "氢能储存", asjc: 2100
    },
];

/// The three titles of project `p` on `topic`: English always, Russian and Chinese mostly.
pub fn project_titles(p: usize, topic: &Topic, russian: bool, chinese: bool) -> [Option<String>; 3] {
    [
        Some(format!("Joint project {p}: {}", topic.en)),
        russian.then(|| format!("Совместный проект {p}: {}", topic.ru)),
        chinese.then(|| format!("联合项目 {p}：{}", topic.zh)),
    ]
}

pub const CITIES: [(&str, &str); 12] = [
    ("RU", "Chelyabinsk"),
    ("RU", "Novosibirsk"),
    ("RU", "Moscow"),
    ("RU", "Vladivostok"),
    ("RU", "Yekaterinburg"),
    ("CN", "Wuhan"),
    ("CN", "Harbin"),
    ("CN", "Beijing"),
    ("CN", "Shanghai"),
    ("CN", "Changchun"),
    ("KZ", "Almaty"),
    ("MN", "Ulaanbaatar"),
];

/// An institution's names: `[en, ru, zh]`, the local language filled where it is spoken.
pub fn institution_names(i: usize, country: &str) -> [Option<String>; 3] {
    let city = CITIES.iter().filter(|(c, _)| *c == country).map(|(_, city)| *city).nth(i % 5).unwrap_or("Astana");
    [
        Some(format!("{city} Research University No. {i}")),
        (country == "RU").then(|| format!("Научно-исследовательский университет № {i}, {city}")),
        (country == "CN").then(|| format!("{city}研究型大学第{i}号")),
    ]
}
