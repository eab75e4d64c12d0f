//! The dashboard's figures (大脑中枢): counts over periods and by the regions
//! one level down, each read inside the caller's scope like every other read.
//! One query per figure: a trend is one pass with a sum per period, a
//! comparison one pass grouped by the leading digits of the region code.

use chrono::{DateTime, Utc};
use sea_query::{Cond, Expr, ExprTrait, Func, LikeExpr, Order, Query, SelectStatement};

use crate::scope::{self, JoinPlace};
use crate::{Db, Result};

/// Which instant of an event a trend counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventTime {
    /// When it was reported.
    Reported,
    /// When it was closed (结案).
    Closed,
}

impl EventTime {
    fn column(self) -> &'static str {
        match self {
            EventTime::Reported => "created_at",
            EventTime::Closed => "closed_at",
        }
    }
}

/// Adds one `SUM(CASE …)` column per period `[edges[i], edges[i+1])` of
/// `column`, named `b0`, `b1` …, and keeps the rows inside the whole span.
fn per_period(q: &mut SelectStatement, column: (&'static str, &'static str), edges: &[DateTime<Utc>]) {
    for (i, w) in edges.windows(2).enumerate() {
        let inside = Cond::all().add(Expr::col(column).gte(w[0])).add(Expr::col(column).lt(w[1]));
        q.expr_as(Expr::expr(Func::sum(Expr::case(inside, 1).finally(0))).cast_as("BIGINT"), format!("b{i}"));
    }
    if let (Some(first), Some(last)) = (edges.first(), edges.last()) {
        q.and_where(Expr::col(column).gte(*first)).and_where(Expr::col(column).lt(*last));
    }
}

/// Reads the `b0 …` columns of [`per_period`] (no row or NULL: none).
async fn periods(db: &Db, q: &SelectStatement, n: usize) -> Result<Vec<i64>> {
    if n == 0 {
        return Ok(Vec::new());
    }
    let row = db.fetch_optional(q).await?;
    (0..n)
        .map(|i| Ok(row.as_ref().map(|r| r.get::<Option<i64>>(&format!("b{i}"))).transpose()?.flatten().unwrap_or(0)))
        .collect()
}

/// Events under the prefixes per period: `edges` are n+1 instants, the
/// answer n counts.
pub async fn events_per_period(
    db: &Db,
    prefixes: &[String],
    when: EventTime,
    edges: &[DateTime<Utc>],
) -> Result<Vec<i64>> {
    if prefixes.is_empty() || edges.len() < 2 {
        return Ok(vec![0; edges.len().saturating_sub(1)]);
    }
    let mut q = Query::select().from("event").cond_where(scope::community_or_grid("event", prefixes)).to_owned();
    per_period(&mut q, ("event", when.column()), edges);
    periods(db, &q, edges.len() - 1).await
}

/// Events under the prefixes reported in `[from, to)`, by category, most
/// first, at most `limit`.
pub async fn events_by_category(
    db: &Db,
    prefixes: &[String],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<(String, i64)>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let q = Query::select()
        .column("category_code")
        .expr_as(Expr::cust("COUNT(*)").cast_as("BIGINT"), "n")
        .from("event")
        .cond_where(scope::community_or_grid("event", prefixes))
        .and_where(Expr::col("created_at").gte(from))
        .and_where(Expr::col("created_at").lt(to))
        .group_by_col("category_code")
        .order_by_expr(Expr::cust("COUNT(*)"), Order::Desc)
        .order_by("category_code", Order::Asc)
        .limit(limit)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("category_code")?, r.get("n")?))).collect()
}

/// The leading `len` digits of a region code column, as a grouping key.
fn leading(column: (&'static str, &'static str), len: usize) -> Expr {
    Expr::cust(format!("SUBSTR(\"{}\".\"{}\", 1, {len})", column.0, column.1))
}

/// Events of one region one level down.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChildEvents {
    /// The region's leading digits.
    pub prefix: String,
    /// Open now (in one of the open states asked for).
    pub open: i64,
    /// Open now and past a deadline.
    pub late: i64,
    /// Reported in the period.
    pub reported: i64,
    /// Closed in the period.
    pub closed: i64,
}

/// Events under the prefixes grouped by the regions whose codes have `len`
/// digits (communities by `community_id`, grids by `grid_code`; events not
/// placed in a grid are left out of a grid comparison).
pub async fn events_by_child(
    db: &Db,
    prefixes: &[String],
    len: usize,
    open_states: &[String],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<ChildEvents>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let column = if len > 12 { ("event", "grid_code") } else { ("event", "community_id") };
    let open = || Cond::all().add(Expr::col("state").is_in(open_states.iter().cloned()));
    let sum = |c: Cond| Expr::expr(Func::sum(Expr::case(c, 1).finally(0))).cast_as("BIGINT");
    let between = |col: &'static str| Cond::all().add(Expr::col(col).gte(from)).add(Expr::col(col).lt(to));
    let q = Query::select()
        .expr_as(leading(column, len), "prefix")
        .expr_as(sum(open()), "open")
        .expr_as(sum(open().add(Expr::col("late").eq(true))), "late")
        .expr_as(sum(between("created_at")), "reported")
        .expr_as(sum(between("closed_at")), "closed")
        .from("event")
        .cond_where(scope::community_or_grid("event", prefixes))
        .and_where(Expr::col(column).is_not_null())
        .group_by_col("prefix")
        .to_owned();
    db.fetch_all(&q)
        .await?
        .iter()
        .map(|r| {
            Ok(ChildEvents {
                prefix: r.get("prefix")?,
                open: r.get::<Option<i64>>("open")?.unwrap_or(0),
                late: r.get::<Option<i64>>("late")?.unwrap_or(0),
                reported: r.get::<Option<i64>>("reported")?.unwrap_or(0),
                closed: r.get::<Option<i64>>("closed")?.unwrap_or(0),
            })
        })
        .collect()
}

/// People living under the prefixes (active), grouped by the regions whose
/// codes have `len` digits: (leading digits, people, households with anyone).
pub async fn people_by_child(db: &Db, prefixes: &[String], len: usize) -> Result<Vec<(String, i64, i64)>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let q = Query::select()
        .expr_as(leading(("building", "grid_code"), len), "prefix")
        .expr_as(Expr::cust("COUNT(*)").cast_as("BIGINT"), "people")
        .expr_as(Expr::cust("COUNT(DISTINCT \"person\".\"household_id\")").cast_as("BIGINT"), "households")
        .from("person")
        .join_household_place()
        .cond_where(scope::building(prefixes))
        .and_where(Expr::col(("person", "status")).eq("active"))
        .group_by_col("prefix")
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("prefix")?, r.get("people")?, r.get("households")?))).collect()
}

/// Visits recorded under the prefixes per period (`edges` as for events).
pub async fn visits_per_period(db: &Db, prefixes: &[String], edges: &[DateTime<Utc>]) -> Result<Vec<i64>> {
    if prefixes.is_empty() || edges.len() < 2 {
        return Ok(vec![0; edges.len().saturating_sub(1)]);
    }
    let mut q = Query::select().from("visit").cond_where(scope::community_or_grid("visit", prefixes)).to_owned();
    per_period(&mut q, ("visit", "at"), edges);
    periods(db, &q, edges.len() - 1).await
}

/// Applications under the prefixes that reached one of `states` per
/// period of their last change (`edges` as for events).
pub async fn applications_per_period(
    db: &Db,
    prefixes: &[String],
    states: &[&str],
    edges: &[DateTime<Utc>],
) -> Result<Vec<i64>> {
    if prefixes.is_empty() || edges.len() < 2 {
        return Ok(vec![0; edges.len().saturating_sub(1)]);
    }
    let mut q = Query::select()
        .from("service_application")
        .cond_where(crate::services::service::under(prefixes))
        .and_where(Expr::col(("service_application", "state")).is_in(states.iter().copied()))
        .to_owned();
    per_period(&mut q, ("service_application", "updated_at"), edges);
    periods(db, &q, edges.len() - 1).await
}

/// Bills under the prefixes: by their community, and a grid's through the
/// house's building (bills name no grid).
fn bills_under(prefixes: &[String]) -> Cond {
    prefixes.iter().fold(Cond::any(), |c, p| {
        if p.len() <= 12 {
            return c.add(scope::starts_with(("bill", "community_id"), p, true));
        }
        let community = scope::starts_with(("bill", "community_id"), &p[..12], true);
        c.add(community.add(scope::house("bill", std::slice::from_ref(p))))
    })
}

/// A month's bills under the prefixes, in fen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Collection {
    /// Bills of the month.
    pub bills: i64,
    /// Bills settled (nothing owed).
    pub settled: i64,
    /// Billed less waived (应收).
    pub due: i64,
    /// Paid less refunded (实收).
    pub collected: i64,
}

/// The bills of `period` (`YYYY-MM`) under the prefixes, and what was
/// collected of them; without `period`, every period before `before`
/// (arrears: `due - collected` of those).
pub async fn collection(db: &Db, prefixes: &[String], period: Option<&str>, before: &str) -> Result<Collection> {
    if prefixes.is_empty() {
        return Ok(Collection::default());
    }
    let owed = "(\"bill\".\"amount\" - \"bill\".\"waived\" - \"bill\".\"paid\" + \"bill\".\"refunded\")";
    let mut q = Query::select()
        .expr_as(Expr::cust("COUNT(*)").cast_as("BIGINT"), "bills")
        .expr_as(Expr::cust(format!("SUM(CASE WHEN {owed} <= 0 THEN 1 ELSE 0 END)")).cast_as("BIGINT"), "settled")
        .expr_as(Expr::cust("SUM(\"bill\".\"amount\" - \"bill\".\"waived\")").cast_as("BIGINT"), "due")
        .expr_as(Expr::cust("SUM(\"bill\".\"paid\" - \"bill\".\"refunded\")").cast_as("BIGINT"), "collected")
        .from("bill")
        .cond_where(bills_under(prefixes))
        .to_owned();
    match period {
        Some(p) => q.and_where(Expr::col(("bill", "period")).eq(p)),
        None => q.and_where(Expr::col(("bill", "period")).lt(before)),
    };
    let Some(r) = db.fetch_optional(&q).await? else { return Ok(Collection::default()) };
    Ok(Collection {
        bills: r.get::<Option<i64>>("bills")?.unwrap_or(0),
        settled: r.get::<Option<i64>>("settled")?.unwrap_or(0),
        due: r.get::<Option<i64>>("due")?.unwrap_or(0),
        collected: r.get::<Option<i64>>("collected")?.unwrap_or(0),
    })
}

/// What a report's column counts among the people living in a region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersonCount {
    /// Households with anyone living there.
    Households,
    /// People.
    People,
    /// People of a sex as stored (`male`, `female`).
    Sex(String),
    /// People born after the first day (excluded) and on or before the
    /// second (included), by their birth month as stored.
    Born(Option<chrono::NaiveDate>, Option<chrono::NaiveDate>),
    /// People of a residency as stored.
    Residency(String),
    /// People carrying a tag.
    Tag(String),
    /// People counted by both.
    Both(Box<PersonCount>, Box<PersonCount>),
}

impl PersonCount {
    /// The condition a person meets to be counted (none: everyone).
    fn cond(&self) -> Option<Cond> {
        let col = |c: &'static str| Expr::col(("person", c));
        Some(match self {
            PersonCount::Households | PersonCount::People => return None,
            PersonCount::Sex(s) => Cond::all().add(col("sex").eq(s.as_str())),
            PersonCount::Residency(r) => Cond::all().add(col("residency").eq(r.as_str())),
            PersonCount::Born(after, until) => {
                let mut c = Cond::all();
                if let Some(a) = after {
                    c = c.add(col("birth_month").gt(*a));
                }
                if let Some(u) = until {
                    c = c.add(col("birth_month").lte(*u));
                }
                c
            }
            // Tags are stored comma-joined: a whole tag sits between commas.
            PersonCount::Tag(t) => Cond::all()
                .add(Expr::cust("(',' || \"person\".\"tags\" || ',')").like(LikeExpr::new(format!("%,{t},%")))),
            PersonCount::Both(a, b) => {
                let mut c = Cond::all();
                for one in [a, b] {
                    if let Some(x) = one.cond() {
                        c = c.add(x);
                    }
                }
                c
            }
        })
    }
}

/// People living under the prefixes, grouped by the leading `len` digits
/// of their building's grid (0: all in one row), one count per column:
/// (leading digits, counts). One pass over the people, whatever the columns.
pub async fn people_table(
    db: &Db,
    prefixes: &[String],
    len: usize,
    counts: &[PersonCount],
) -> Result<Vec<(String, Vec<i64>)>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Query::select()
        .expr_as(leading(("building", "grid_code"), len), "prefix")
        .from("person")
        .join_household_place()
        .cond_where(scope::building(prefixes))
        .and_where(Expr::col(("person", "status")).eq("active"))
        .group_by_col("prefix")
        .to_owned();
    for (i, c) in counts.iter().enumerate() {
        let expr = match (c, c.cond()) {
            (PersonCount::Households, _) => Expr::cust("COUNT(DISTINCT \"person\".\"household_id\")").cast_as("BIGINT"),
            (_, None) => Expr::cust("COUNT(*)").cast_as("BIGINT"),
            (_, Some(cond)) => Expr::expr(Func::sum(Expr::case(cond, 1).finally(0))).cast_as("BIGINT"),
        };
        q.expr_as(expr, format!("c{i}"));
    }
    db.fetch_all(&q)
        .await?
        .iter()
        .map(|r| {
            let counts = (0..counts.len())
                .map(|i| Ok(r.get::<Option<i64>>(&format!("c{i}"))?.unwrap_or(0)))
                .collect::<Result<Vec<i64>>>()?;
            Ok((r.get("prefix")?, counts))
        })
        .collect()
}
