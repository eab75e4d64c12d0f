//! Routing (智能分拨): each category has a default handler unit per region,
//! set by staff. A new report goes to the unit of the most specific rule —
//! a child category's own rule before its parent's, a community's before
//! its street's before its district's. A rule marked certain dispatches
//! at once; otherwise the unit is only suggested to the dispatcher.
//! No I/O.

use uuid::Uuid;

/// A rule, as routing reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The region it applies in, as its prefix (`significant_prefix`: 1411 for a city, 141102001 for a street).
    pub region_prefix: String,
    /// The category it applies to.
    pub category: String,
    /// The unit.
    pub unit: Uuid,
    /// Dispatched at once.
    pub certain: bool,
    /// Deadline in hours, when not the category's.
    pub hours: Option<u32>,
}

/// What routing decides for a new report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// Dispatch to the unit at once, with this deadline (hours).
    Dispatch {
        /// The unit.
        unit: Uuid,
        /// Deadline in hours, when not the category's.
        hours: Option<u32>,
    },
    /// Suggest the unit to the dispatcher.
    Suggest(Uuid),
    /// No rule: the dispatcher chooses.
    Nobody,
}

/// Where a report of `category` (a child of `parent`, when it is one) in
/// `community` goes.
pub fn route(rules: &[Rule], community: &str, category: &str, parent: Option<&str>) -> Route {
    let best = rules
        .iter()
        .filter(|r| community.starts_with(&r.region_prefix))
        .filter(|r| r.category == category || Some(r.category.as_str()) == parent)
        // The category's own rule first, then the smallest region.
        .max_by_key(|r| (r.category == category, r.region_prefix.len()));
    match best {
        Some(r) if r.certain => Route::Dispatch { unit: r.unit, hours: r.hours },
        Some(r) => Route::Suggest(r.unit),
        None => Route::Nobody,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(region: &str, category: &str, unit: u128, certain: bool) -> Rule {
        Rule {
            region_prefix: region.into(),
            category: category.into(),
            unit: Uuid::from_u128(unit),
            certain,
            hours: None,
        }
    }

    #[test]
    fn the_most_specific_rule_decides() {
        let rules = vec![
            rule("141102", "02", 1, false), // 设施报修 in the district: suggest the property office
            rule("141102001", "0201", 2, true), // 供水 in 滨河街道: the water company, certain
            rule("141102001002", "0201", 3, false), // … but 交通路 asks its own plumber first
            rule("1411", "03", 4, true),    // 安全隐患 in the city: the police
        ];
        let u = Uuid::from_u128;
        // 交通路 (141102001002): its own rule, a suggestion.
        assert_eq!(route(&rules, "141102001002", "0201", Some("02")), Route::Suggest(u(3)));
        // Another community of the street: the street's certain rule.
        assert_eq!(route(&rules, "141102001003", "0201", Some("02")), Route::Dispatch { unit: u(2), hours: None });
        // Another street: no 供水 rule, the parent's district rule.
        assert_eq!(route(&rules, "141102002001", "0201", Some("02")), Route::Suggest(u(1)));
        // A child's own rule beats the parent's even from a wider region.
        let wide = vec![rule("141102001002", "02", 5, true), rule("1411", "0201", 6, false)];
        assert_eq!(route(&wide, "141102001002", "0201", Some("02")), Route::Suggest(u(6)));
        assert_eq!(route(&rules, "141102001002", "03", None), Route::Dispatch { unit: u(4), hours: None });
        // Outside every rule's region, or a category without one.
        assert_eq!(route(&rules, "140105001001", "03", None), Route::Nobody);
        assert_eq!(route(&rules, "141102001002", "05", None), Route::Nobody);
    }
}
