//! User-facing texts. Every text is a field of [`Texts`], so a language that
//! misses one does not compile. zh-CN first, English second.

use crate::app::region::Level;

/// A language linli speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 简体中文, the default.
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// The cookie and form value.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// Parses the cookie or form value.
    pub fn from_code(s: &str) -> Option<Lang> {
        match s {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The best match for an `Accept-Language` header: the first of zh or en
    /// by quality; Chinese when nothing matches.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
            let lang = if tag == "zh" || tag.starts_with("zh-") {
                Lang::Zh
            } else if tag == "en" || tag.starts_with("en-") {
                Lang::En
            } else {
                continue;
            };
            if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
        best.map_or(Lang::Zh, |(_, l)| l)
    }

    /// The texts in this language.
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

/// Every text of the page shell and the foundation's pages.
pub struct Texts {
    /// `lang` attribute of `<html>`.
    pub html_lang: &'static str,
    /// Product name.
    pub app_name: &'static str,
    /// One-line description.
    pub tagline: &'static str,
    /// Link that skips the header, for screen readers.
    pub skip_to_content: &'static str,
    /// Navigation: home.
    pub nav_home: &'static str,
    /// Navigation: API documentation.
    pub nav_api: &'static str,
    /// Label of the language switch button (names the other language).
    pub switch_lang: &'static str,
    /// The other language's code.
    pub other_lang: &'static str,
    /// Button that turns large text on.
    pub large_on: &'static str,
    /// Button that turns large text off.
    pub large_off: &'static str,
    /// Heading of the preferences group.
    pub prefs_label: &'static str,
    /// Home: welcome paragraph.
    pub home_intro: &'static str,
    /// Home: the demo communities heading.
    pub home_communities: &'static str,
    /// Home: the region browser heading.
    pub home_browse: &'static str,
    /// Region page: children heading.
    pub region_children: &'static str,
    /// Region page: no children.
    pub region_no_children: &'static str,
    /// Region page: code label.
    pub region_code: &'static str,
    /// Breadcrumb label.
    pub breadcrumb: &'static str,
    /// Error page: what to do next.
    pub error_next: &'static str,
    /// Error page: back to home.
    pub error_home: &'static str,
    /// Error page: the request id label, for support.
    pub error_request_id: &'static str,
    /// API docs page title.
    pub api_title: &'static str,
    /// API docs page intro.
    pub api_intro: &'static str,
    /// API docs: parameters heading.
    pub api_parameters: &'static str,
    /// API docs: responses heading.
    pub api_responses: &'static str,
    /// API docs: request body heading.
    pub api_body: &'static str,
    /// API docs: schemas heading.
    pub api_schemas: &'static str,
    /// Footer line.
    pub footer: &'static str,
    /// Names of region levels: province, city, district, street, community.
    pub levels: [&'static str; 5],
}

impl Texts {
    /// The name of a region level.
    pub fn level(&self, level: &Level) -> &'static str {
        self.levels[match level {
            Level::Province => 0,
            Level::City => 1,
            Level::District => 2,
            Level::Street => 3,
            Level::Community => 4,
        }]
    }
}

static ZH: Texts = Texts {
    html_lang: "zh-CN",
    app_name: "邻里",
    tagline: "智慧社区服务平台",
    skip_to_content: "跳到正文",
    nav_home: "首页",
    nav_api: "接口文档",
    switch_lang: "English",
    other_lang: "en",
    large_on: "大字模式",
    large_off: "标准字号",
    prefs_label: "显示设置",
    home_intro: "让数据多跑路、居民少跑腿。社区服务、网格治理、便民缴费，都在家门口办。",
    home_communities: "演示社区",
    home_browse: "浏览辖区",
    region_children: "下辖",
    region_no_children: "暂无下级区划。",
    region_code: "统计用区划代码",
    breadcrumb: "位置",
    error_next: "请检查网址，或返回首页重新操作。如果问题一直存在，请联系社区工作人员，并告知下面的请求编号。",
    error_home: "返回首页",
    error_request_id: "请求编号",
    api_title: "接口文档",
    api_intro: "linli 的 JSON 接口位于 /api/v1，完整的 OpenAPI 3.1 描述见",
    api_parameters: "参数",
    api_responses: "响应",
    api_body: "请求体",
    api_schemas: "数据结构",
    footer: "邻里 linli · 智慧社区服务平台",
    levels: ["省", "市", "区县", "街道", "社区"],
};

static EN: Texts = Texts {
    html_lang: "en",
    app_name: "linli",
    tagline: "Smart community services",
    skip_to_content: "Skip to content",
    nav_home: "Home",
    nav_api: "API docs",
    switch_lang: "中文",
    other_lang: "zh",
    large_on: "Large text",
    large_off: "Standard text",
    prefs_label: "Display settings",
    home_intro: "Let data make the trip instead of residents. Community services, grid management and bill payment, next door.",
    home_communities: "Demo communities",
    home_browse: "Browse the area",
    region_children: "Below",
    region_no_children: "No subdivisions.",
    region_code: "Statistical division code",
    breadcrumb: "Location",
    error_next: "Check the address, or go back to the home page and try again. If it keeps happening, contact the community staff and quote the request number below.",
    error_home: "Back to home",
    error_request_id: "Request number",
    api_title: "API documentation",
    api_intro: "linli's JSON API lives under /api/v1; the full OpenAPI 3.1 description is at",
    api_parameters: "Parameters",
    api_responses: "Responses",
    api_body: "Request body",
    api_schemas: "Schemas",
    footer: "linli · smart community platform",
    levels: ["Province", "City", "District", "Street", "Community"],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_the_higher_quality() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9,zh-CN;q=0.8"), Lang::En);
        assert_eq!(Lang::from_accept_language("zh-CN,zh;q=0.9,en;q=0.8"), Lang::Zh);
        assert_eq!(Lang::from_accept_language("fr-FR, en;q=0.5"), Lang::En);
        assert_eq!(Lang::from_accept_language("de, fr"), Lang::Zh);
        assert_eq!(Lang::from_accept_language("en;q=0"), Lang::Zh);
        assert_eq!(Lang::from_accept_language(""), Lang::Zh);
    }
}
