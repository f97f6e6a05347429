//! Readings the `pinyin` crate's default gets wrong in names.
//!
//! Surnames: CLDR `common/transforms/Han-Latin-Names.xml` (unicode-org/cldr, Unicode License),
//! the rules ICU applies as `Han-Latin/Names`. Place and institution readings: the standard
//! romanised names of the places (重庆 Chongqing, 长春 Changchun, 厦门 Xiamen, …), where the
//! crate's first reading differs (REFERENCE §2.3 measured 长春 → zhang chun, 重庆 → zhong qing).

/// Two-character surnames, read only at the start of a person's name (CLDR: 令狐, 万俟, 澹台,
/// and 长孙, which keeps zhang against the 长 → chang rule below).
pub(super) const DOUBLE_SURNAMES: &[(&str, [&str; 2])] =
    &[("令狐", ["ling", "hu"]), ("万俟", ["mo", "qi"]), ("澹台", ["tan", "tai"]), ("长孙", ["zhang", "sun"])];

/// Surname readings of a person's first character only (CLDR's rules after `$startOfHanMarker`).
pub(super) const SURNAMES: &[(char, &str)] = &[
    ('秘', "bi"),
    ('卜', "bu"),
    ('种', "chong"),
    ('重', "chong"),
    ('刀', "diao"),
    ('盖', "ge"),
    ('过', "guo"),
    ('华', "hua"),
    ('纪', "ji"),
    ('牟', "mu"),
    ('区', "ou"),
    ('繁', "po"),
    ('任', "ren"),
    ('单', "shan"),
    ('召', "shao"),
    ('折', "she"),
    ('舍', "she"),
    ('沈', "shen"),
    ('燕', "yan"),
    ('尉', "yu"),
    ('乐', "yue"),
    ('员', "yun"),
    ('查', "zha"),
    ('解', "xie"),
];

/// Name readings CLDR applies anywhere in a name; used for every kind of name, since the crate's
/// own reading stays among the variants. 長 is added beside 长: CLDR's rule misses the
/// traditional form (ICU reads 長春 as "zhang chun").
pub(super) const ANYWHERE: &[(char, &str)] = &[
    ('长', "chang"),
    ('長', "chang"),
    ('干', "gan"),
    ('葛', "ge"),
    ('筠', "jun"),
    ('仇', "qiu"),
    ('峙', "shi"),
    ('隗', "wei"),
    ('莘', "xin"),
    ('翟', "zhai"),
    ('曾', "zeng"),
];

/// Places and words of institution names, matched longest first anywhere in a name.
pub(super) const PLACES: &[(&str, &[&str])] = &[
    ("重庆", &["chong", "qing"]),
    ("重慶", &["chong", "qing"]),
    ("长春", &["chang", "chun"]),
    ("長春", &["chang", "chun"]),
    ("长沙", &["chang", "sha"]),
    ("長沙", &["chang", "sha"]),
    ("厦门", &["xia", "men"]),
    ("廈門", &["xia", "men"]),
    ("长安", &["chang", "an"]),
    ("长江", &["chang", "jiang"]),
    ("长治", &["chang", "zhi"]),
    ("长白山", &["chang", "bai", "shan"]),
    ("朝阳", &["chao", "yang"]),
    ("蚌埠", &["beng", "bu"]),
    ("六安", &["lu", "an"]),
    ("乐山", &["le", "shan"]),
    ("乐清", &["yue", "qing"]),
    ("番禺", &["pan", "yu"]),
    ("台州", &["tai", "zhou"]),
    ("丽水", &["li", "shui"]),
    ("济南", &["ji", "nan"]),
    ("济宁", &["ji", "ning"]),
    ("石家庄", &["shi", "jia", "zhuang"]),
    ("西藏", &["xi", "zang"]),
    ("成都", &["cheng", "du"]),
    ("首都", &["shou", "du"]),
    ("东莞", &["dong", "guan"]),
    ("曲阜", &["qu", "fu"]),
    ("会稽", &["kuai", "ji"]),
    ("银行", &["yin", "hang"]),
    ("大学", &["da", "xue"]),
    ("研究", &["yan", "jiu"]),
    ("重点", &["zhong", "dian"]),
    ("重大", &["zhong", "da"]),
    ("中心", &["zhong", "xin"]),
];
