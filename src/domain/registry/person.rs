//! A person's facts beyond name and ID number, each from a fixed national
//! list: ID type, ethnicity (GB/T 3304), political status (GB/T 4762),
//! residency, and relation to the household head (GB/T 4761).

/// ID types: the first three carry GB 11643 numbers (18 characters, same
/// check digit); a passport's birth date and sex are given beside it.
pub const ID_TYPES: [&str; 4] = ["居民身份证", "港澳台居民居住证", "外国人永久居留身份证", PASSPORT];

/// The ID type whose number says nothing of birth date and sex.
pub const PASSPORT: &str = "护照";

/// GB/T 3304 ethnicities, by code (index + 1), then 97 and 98.
const ETHNICITIES: [&str; 56] = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
];

/// Political status (GB/T 4762, the values communities use).
pub const POLITICAL: [&str; 6] = ["中共党员", "中共预备党员", "共青团员", "民主党派", "无党派人士", "群众"];

/// Residency: registered here, living here from elsewhere, from abroad.
pub const RESIDENCY: [&str; 3] = ["户籍", "流动", "境外"];

/// Relations to the household head (GB/T 4761, grouped as sheets write them).
pub const RELATIONS: [&str; 12] =
    ["本人", "配偶", "子女", "父母", "孙子女", "祖父母", "兄弟姐妹", "儿媳", "女婿", "外孙子女", "租户", "其他"];

/// Special-group tags staff pick from (free tags are allowed too).
pub const TAGS: [&str; 14] = [
    "独居老人",
    "空巢老人",
    "留守儿童",
    "残疾人",
    "低保",
    "特困",
    "退役军人",
    "党员",
    "重点青少年",
    "高龄老人",
    "失业人员",
    "严重精神障碍",
    "社区矫正",
    "戒毒康复",
];

/// A person's checked facts beyond name and ID number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// One of [`ID_TYPES`].
    pub id_type: &'static str,
    /// GB/T 3304 code.
    pub ethnicity: String,
    /// One of [`POLITICAL`].
    pub political: &'static str,
    /// One of [`RESIDENCY`].
    pub residency: &'static str,
    /// Work, school or 退休: free text, at most 32 characters.
    pub employment: String,
}

impl Default for Facts {
    fn default() -> Self {
        Facts {
            id_type: ID_TYPES[0],
            ethnicity: "01".into(),
            political: "群众",
            residency: "户籍",
            employment: String::new(),
        }
    }
}

/// Which fact was not understood, for a form or a sheet's report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FactProblem {
    /// Not one of [`ID_TYPES`].
    IdType,
    /// Neither an ethnicity's name nor its code: the text as typed.
    Ethnicity(String),
    /// Not one of [`POLITICAL`].
    Political,
    /// Not one of [`RESIDENCY`].
    Residency,
    /// Work or school longer than 32 characters.
    Employment,
}

impl FactProblem {
    /// The field's key: id_type, ethnicity, political, residency, employment.
    pub fn field(&self) -> &'static str {
        match self {
            FactProblem::IdType => "id_type",
            FactProblem::Ethnicity(_) => "ethnicity",
            FactProblem::Political => "political",
            FactProblem::Residency => "residency",
            FactProblem::Employment => "employment",
        }
    }

    /// What to fix, in Chinese, for the report of a sheet (residents'
    /// sheets are read and reported in Chinese; forms word it in the page's
    /// language).
    pub fn zh(&self) -> String {
        match self {
            FactProblem::IdType => format!("证件类型应为：{}", ID_TYPES.join("、")),
            FactProblem::Ethnicity(typed) => format!("无法识别的民族“{typed}”，请填写如“汉族”或代码“01”"),
            FactProblem::Political => format!("政治面貌应为：{}", POLITICAL.join("、")),
            FactProblem::Residency => format!("人口类型应为：{}", RESIDENCY.join("、")),
            FactProblem::Employment => "工作单位/就业情况不超过 32 个字".into(),
        }
    }
}

/// Checks the facts as typed (empty means the common value).
pub fn facts(
    id_type: &str,
    ethnicity: &str,
    political_status: &str,
    residency_text: &str,
    employment: &str,
) -> Result<Facts, Vec<FactProblem>> {
    let mut problems = Vec::new();
    let id_type = match id_type.trim() {
        "" | "身份证" => Some(ID_TYPES[0]),
        "居住证" => Some(ID_TYPES[1]),
        "永居证" | "外国人永久居留证" => Some(ID_TYPES[2]),
        t => ID_TYPES.iter().find(|x| **x == t).copied(),
    };
    if id_type.is_none() {
        problems.push(FactProblem::IdType);
    }
    let eth = ethnicity_code(ethnicity);
    if eth.is_none() {
        problems.push(FactProblem::Ethnicity(ethnicity.trim().to_owned()));
    }
    let pol = political(political_status);
    if pol.is_none() {
        problems.push(FactProblem::Political);
    }
    let res = residency(residency_text);
    if res.is_none() {
        problems.push(FactProblem::Residency);
    }
    let employment = employment.trim();
    if employment.chars().count() > 32 {
        problems.push(FactProblem::Employment);
    }
    match (id_type, eth, pol, res) {
        (Some(id_type), Some(ethnicity), Some(political), Some(residency)) if problems.is_empty() => {
            Ok(Facts { id_type, ethnicity, political, residency, employment: employment.to_owned() })
        }
        _ => Err(problems),
    }
}

/// The ethnicity's GB/T 3304 code from what a sheet or form holds:
/// `01`, `1`, `汉族` or `汉`.
pub fn ethnicity_code(text: &str) -> Option<String> {
    let t = text.trim();
    if t.is_empty() {
        return Some("01".into());
    }
    if let Ok(n) = t.parse::<usize>() {
        return matches!(n, 1..=56 | 97 | 98).then(|| format!("{n:02}"));
    }
    match t {
        "其他" | "其他未识别民族" => return Some("97".into()),
        "外国血统" | "外国血统中国籍人士" => return Some("98".into()),
        _ => {}
    }
    ETHNICITIES.iter().position(|e| *e == t || e.strip_suffix('族') == Some(t)).map(|i| format!("{:02}", i + 1))
}

/// The ethnicity's name for a code.
pub fn ethnicity_name(code: &str) -> &'static str {
    match code.parse::<usize>() {
        Ok(n @ 1..=56) => ETHNICITIES[n - 1],
        Ok(97) => "其他",
        Ok(98) => "外国血统",
        _ => "",
    }
}

/// A political status as sheets write it (党员 → 中共党员, 团员 → 共青团员).
pub fn political(text: &str) -> Option<&'static str> {
    match text.trim() {
        "" => Some("群众"),
        "党员" | "中共党员" | "共产党员" => Some("中共党员"),
        "预备党员" | "中共预备党员" => Some("中共预备党员"),
        "团员" | "共青团员" => Some("共青团员"),
        t => POLITICAL.iter().find(|p| **p == t).copied(),
    }
}

/// A residency as sheets write it (户籍人口, 流动人口, 境外人员 …).
pub fn residency(text: &str) -> Option<&'static str> {
    match text.trim() {
        "" | "户籍" | "户籍人口" | "常住" | "常住人口" => Some("户籍"),
        "流动" | "流动人口" | "外来" | "外来人口" | "寄住" => Some("流动"),
        "境外" | "境外人员" | "境外人口" => Some("境外"),
        _ => None,
    }
}

/// A relation as sheets write it: 户主 is 本人, 儿子 and 女儿 are 子女 ….
pub fn relation(text: &str) -> &str {
    match text.trim() {
        "" | "户主" | "本人" => "本人",
        "妻" | "夫" | "妻子" | "丈夫" => "配偶",
        "子" | "女" | "儿子" | "女儿" | "长子" | "长女" | "次子" | "次女" => "子女",
        "父亲" | "母亲" | "父" | "母" => "父母",
        "孙子" | "孙女" => "孙子女",
        t => t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ethnicities_read_by_code_or_name() {
        assert_eq!(ethnicity_code("汉"), Some("01".into()));
        assert_eq!(ethnicity_code("回族"), Some("03".into()));
        assert_eq!(ethnicity_code("8"), Some("08".into()));
        assert_eq!(ethnicity_code("基诺族"), Some("56".into()));
        assert_eq!(ethnicity_code(""), Some("01".into()), "empty is the common case");
        assert_eq!(ethnicity_code("火星族"), None);
        assert_eq!(ethnicity_code("57"), None);
        assert_eq!(ethnicity_name("56"), "基诺族");
    }

    #[test]
    fn sheet_words_become_the_standard_values() {
        assert_eq!(political("党员"), Some("中共党员"));
        assert_eq!(political("团员"), Some("共青团员"));
        assert_eq!(political("其他党"), None);
        assert_eq!(residency("流动人口"), Some("流动"));
        assert_eq!(residency("暂住"), None);
        assert_eq!(relation("户主"), "本人");
        assert_eq!(relation("长女"), "子女");
        assert_eq!(relation("外甥"), "外甥");
    }
}
