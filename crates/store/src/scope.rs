//! The caller's scope in the WHERE clause. A scope is a list of region-code
//! prefixes (see `app::access`); these conditions keep a read inside them,
//! so a row outside is never fetched, and the joins reach a row's building
//! (and so its grid). Every area uses them; they live here so that areas do
//! not import each other for them.

use sea_query::{Cond, Expr, ExprTrait, LikeExpr, Query, SelectStatement};

/// Rows joined to a building whose grid code starts with one of `prefixes`.
pub(crate) fn building(prefixes: &[String]) -> Cond {
    prefixes.iter().fold(Cond::any(), |c, p| {
        // Prefixes are digits only (checked codes), so LIKE needs no escaping.
        c.add(Expr::col(("building", "grid_code")).like(LikeExpr::new(format!("{p}%"))))
    })
}

/// Rows of `table` whose community (or, for a grid worker's prefix, longer
/// than a community code, whose grid) starts with one of `prefixes`.
pub(crate) fn community_or_grid(table: &'static str, prefixes: &[String]) -> Cond {
    prefixes.iter().fold(Cond::any(), |c, p| {
        let column = if p.len() > 12 { "grid_code" } else { "community_id" };
        c.add(starts_with((table, column), p, column == "community_id"))
    })
}

/// Rows of `table` that name a house (`bill`, `payment`) whose building lies
/// in a grid under one of `prefixes`. Callers return early on an empty scope.
pub(crate) fn house(table: &'static str, prefixes: &[String]) -> Cond {
    let q = Query::select()
        .expr(Expr::val(1))
        .from("house")
        .join_building()
        .and_where(Expr::col(("house", "community_id")).equals((table, "community_id")))
        .and_where(Expr::col(("house", "id")).equals((table, "house_id")))
        .cond_where(building(prefixes))
        .to_owned();
    Cond::all().add(Expr::exists(q))
}

/// `column` starts with the digits `prefix`, as a condition the column's
/// index serves on both engines: equality for a whole community code, a
/// range otherwise (SQLite does not use an index for LIKE on these columns).
pub(crate) fn starts_with(column: (&'static str, &'static str), prefix: &str, community: bool) -> Cond {
    let col = || Expr::col(column);
    if prefix.is_empty() {
        return Cond::all();
    }
    if community && prefix.len() == 12 {
        return Cond::all().add(col().eq(prefix));
    }
    match next_prefix(prefix) {
        Some(upper) => Cond::all().add(col().gte(prefix)).add(col().lt(upper)),
        None => Cond::all().add(col().like(LikeExpr::new(format!("{prefix}%")))),
    }
}

/// The first digit string after every string that starts with `prefix`
/// ("141102001" → "141102002", "1419" → "142"); none for all nines.
fn next_prefix(prefix: &str) -> Option<String> {
    let mut digits = prefix.as_bytes().to_vec();
    while let Some(last) = digits.pop() {
        if last.is_ascii_digit() && last < b'9' {
            digits.push(last + 1);
            return String::from_utf8(digits).ok();
        }
        if !last.is_ascii_digit() {
            return None;
        }
    }
    None
}

/// Joins that reach a row's building, and so its grid.
pub(crate) trait JoinPlace {
    /// From a household: its house.
    fn join_house(&mut self) -> &mut Self;

    /// From a house: its building.
    fn join_building(&mut self) -> &mut Self;

    /// From a household: its house and building.
    fn join_place(&mut self) -> &mut Self;

    /// From a person: their household, its house and building.
    fn join_household_place(&mut self) -> &mut Self;
}

impl JoinPlace for SelectStatement {
    fn join_house(&mut self) -> &mut Self {
        self.inner_join(
            "house",
            Expr::col(("house", "community_id"))
                .equals(("household", "community_id"))
                .and(Expr::col(("house", "id")).equals(("household", "house_id"))),
        )
    }

    fn join_building(&mut self) -> &mut Self {
        self.inner_join(
            "building",
            Expr::col(("building", "community_id"))
                .equals(("house", "community_id"))
                .and(Expr::col(("building", "id")).equals(("house", "building_id"))),
        )
    }

    fn join_place(&mut self) -> &mut Self {
        self.join_house().join_building()
    }

    fn join_household_place(&mut self) -> &mut Self {
        self.inner_join(
            "household",
            Expr::col(("household", "community_id"))
                .equals(("person", "community_id"))
                .and(Expr::col(("household", "id")).equals(("person", "household_id"))),
        )
        .join_place()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_become_ranges() {
        assert_eq!(next_prefix("141102001").as_deref(), Some("141102002"));
        assert_eq!(next_prefix("1411029").as_deref(), Some("141103"));
        assert_eq!(next_prefix("14"), Some("15".into()));
        assert_eq!(next_prefix("99"), None);
        assert_eq!(next_prefix("12a"), None);
    }
}
