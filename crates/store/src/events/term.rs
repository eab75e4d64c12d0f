//! Finding events by what was written in them. Chinese is written without
//! spaces, so every two characters in a row are a term (a bigram): "楼道漏水"
//! is kept as 楼道, 道漏, 漏水, and a search for 漏水 finds it. Letters are
//! lower-cased and everything but letters and digits is left out, in the
//! index and in the search alike.
//!
//! A search reads the postings of its rarest term newest first, a batch at
//! a time, and keeps the events that hold every word whole: the index narrows,
//! the words decide, so a hit is never a coincidence of bigrams.

use std::collections::BTreeSet;

use sea_query::{Expr, ExprTrait, Order, Query};
use uuid::Uuid;

use crate::events::event::{EventRow, Find, find_where};
use crate::scope;
use crate::{Db, Result, Tx};

/// The table of postings: (term, community, event).
pub const TABLE: &str = "event_term";

/// How many postings a term is counted up to when choosing the rarest:
/// past this, a term is common, and which of two common terms is rarer
/// matters less than counting them (1M events: 20,000 cost 5 ms a term).
const COUNT_CAP: u64 = 1_000;

/// Postings looked at in one round of a search, at most: the first looks
/// at as many as asked for (the rarest term's postings mostly hold the
/// words), each next round four times the one before.
const BATCH_MAX: u64 = 16_000;

/// Postings one request looks at, at most: past this, the page is given
/// with what was found and a cursor to go on from (a rare filter with only
/// common words would otherwise walk a term's every posting).
const SCAN_MAX: u64 = 60_000;

/// The text as it is searched: letters and digits only, lower-cased.
pub fn normalize(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Every two characters in a row of the normalized text.
pub fn bigrams(text: &str) -> BTreeSet<String> {
    let chars: Vec<char> = normalize(text).chars().collect();
    chars.windows(2).map(|w| w.iter().collect()).collect()
}

/// The terms an event is found by: those of its text and its address.
pub fn terms_of(e: &EventRow) -> BTreeSet<String> {
    let mut terms = bigrams(&e.text);
    if let Some(a) = &e.address {
        terms.extend(bigrams(a));
    }
    terms
}

/// Whether every word (normalized) is whole in the event's text or address.
pub fn holds(e: &EventRow, words: &[String]) -> bool {
    let text = normalize(&e.text);
    let address = e.address.as_deref().map(normalize).unwrap_or_default();
    words.iter().all(|w| text.contains(w.as_str()) || address.contains(w.as_str()))
}

/// Indexes new events' terms, in statements of at most 1,000 rows.
pub async fn index(tx: &mut Tx, events: &[EventRow]) -> Result<()> {
    let rows: Vec<(String, &str, Uuid)> =
        events.iter().flat_map(|e| terms_of(e).into_iter().map(move |t| (t, e.community_id.as_str(), e.id))).collect();
    write(tx, &rows).await
}

async fn write(tx: &mut Tx, rows: &[(String, &str, Uuid)]) -> Result<()> {
    for chunk in rows.chunks(1000) {
        let mut q = Query::insert().into_table(TABLE).columns(["term", "community_id", "event_id"]).to_owned();
        for (term, community, id) in chunk {
            q.values_panic([term.as_str().into(), (*community).into(), (*id).into()]);
        }
        tx.execute(&q).await?;
    }
    Ok(())
}

/// Indexes every event not indexed yet (those written before the index
/// existed), a thousand at a time, oldest first. It reads only the columns
/// it needs: it runs inside a migration, before later ones add theirs.
pub async fn index_all(tx: &mut Tx) -> Result<u64> {
    let mut after: Option<Uuid> = None;
    let mut done = 0;
    loop {
        let mut q = Query::select()
            .columns(["community_id", "id", "text", "address"])
            .from("event")
            .order_by("id", Order::Asc)
            .limit(1000)
            .to_owned();
        if let Some(a) = after {
            q.and_where(Expr::col("id").gt(a));
        }
        let mut read = Vec::new();
        for r in tx.fetch_all(&q).await? {
            let (community, id): (String, Uuid) = (r.get("community_id")?, r.get("id")?);
            let mut terms = bigrams(&r.get::<String>("text")?);
            if let Some(a) = r.get::<Option<String>>("address")? {
                terms.extend(bigrams(&a));
            }
            read.push((community, id, terms));
        }
        let Some(last) = read.last() else { return Ok(done) };
        after = Some(last.1);
        let rows: Vec<(String, &str, Uuid)> =
            read.iter().flat_map(|(c, id, terms)| terms.iter().map(move |t| (t.clone(), c.as_str(), *id))).collect();
        write(tx, &rows).await?;
        done += read.len() as u64;
    }
}

/// How many rows `q` selects, counted up to `cap`.
async fn count_up_to(db: &Db, mut q: sea_query::SelectStatement, cap: u64) -> Result<i64> {
    let sub = q.limit(cap).to_owned();
    let q = Query::select().expr_as(Expr::cust("COUNT(*)"), "n").from_subquery(sub, "p").to_owned();
    Ok(match db.fetch_optional(&q).await? {
        Some(r) => r.get("n")?,
        None => 0,
    })
}

/// How many postings `term` has, counted up to [`COUNT_CAP`].
async fn postings(db: &Db, term: &str) -> Result<i64> {
    let q = Query::select().expr(Expr::val(1)).from(TABLE).and_where(Expr::col("term").eq(term)).to_owned();
    count_up_to(db, q, COUNT_CAP).await
}

/// Whether the event (the outer query's row) has `term`.
fn has(term: &str) -> sea_query::SimpleExpr {
    Expr::exists(
        Query::select()
            .expr(Expr::val(1))
            .from(TABLE)
            .and_where(Expr::col((TABLE, "term")).eq(term))
            .and_where(Expr::col((TABLE, "community_id")).equals(("event", "community_id")))
            .and_where(Expr::col((TABLE, "event_id")).equals(("event", "id")))
            .to_owned(),
    )
}

/// Events in the states asked for that the search reads through its state
/// by state, at most: fewer than this and every word is common, the states
/// are the narrower way in (a few per cent of a year's events, say).
const STATE_CAP: u64 = 20_000;

/// The search when the states are the narrower way in: each state's events
/// newest first (in the board's index), kept when they have every term and
/// hold the words; at most [`STATE_CAP`] events read in all.
async fn by_state(
    db: &Db,
    prefixes: &[String],
    f: &Find,
    terms: &BTreeSet<String>,
    words: &[String],
    limit: u64,
) -> Result<Found> {
    let mut rows = Vec::new();
    for state in &f.states {
        let mut before = f.before;
        let mut kept = 0;
        loop {
            let mut q = find_where(prefixes, &Find { before, ..f.clone() });
            q.and_where(Expr::col("state").eq(state.as_str()));
            for t in terms {
                q.and_where(has(t));
            }
            let wanted = limit - kept;
            q.order_by("id", Order::Desc).limit(wanted);
            let read = EventRow::all(db, &q).await?;
            let full = read.len() as u64 == wanted;
            before = read.last().map(|e| e.id);
            for e in read.into_iter().filter(|e| holds(e, words)) {
                kept += 1;
                rows.push(e);
            }
            if !full || kept >= limit {
                break;
            }
        }
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.id));
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok(Found { rows, resume: None })
}

/// What a search found, newest first, and where it stopped looking when
/// it stopped before the end.
#[derive(Debug, Default)]
pub struct Found {
    /// The events, at most as many as asked for.
    pub rows: Vec<EventRow>,
    /// Set when fewer were found than asked for because the search looked at
    /// [`SCAN_MAX`] postings: the next page starts below it.
    pub resume: Option<Uuid>,
}

/// Events in scope that match `f` and hold every word (normalized, at
/// least one of two characters or more), newest first, older than `f.before`
/// when given, at most `limit`.
///
/// Each round takes a range of the rarest term's postings, newest first, and
/// lets the database keep the events in it that match the filters and have
/// every other term (a look-up each in the postings' key); the words are
/// then checked whole.
pub async fn search(db: &Db, prefixes: &[String], f: &Find, words: &[String], limit: u64) -> Result<Found> {
    search_within(db, prefixes, f, words, limit, SCAN_MAX).await
}

/// [`search`], looking at no more than `scan_max` postings (rounded up to
/// a round's).
pub async fn search_within(
    db: &Db,
    prefixes: &[String],
    f: &Find,
    words: &[String],
    limit: u64,
    scan_max: u64,
) -> Result<Found> {
    let terms: BTreeSet<String> = words.iter().flat_map(|w| bigrams(w)).collect();
    if prefixes.is_empty() || terms.is_empty() {
        return Ok(Found::default());
    }
    let mut rarest = (i64::MAX, String::new());
    for t in &terms {
        let n = postings(db, t).await?;
        if n < rarest.0 {
            rarest = (n, t.clone());
        }
    }
    if !f.states.is_empty() && rarest.0 >= COUNT_CAP as i64 {
        // Counted in the index alone: the scope and the states.
        let q = Query::select()
            .expr(Expr::val(1))
            .from("event")
            .cond_where(scope::community_or_grid("event", prefixes))
            .and_where(Expr::col("state").is_in(f.states.iter().cloned()))
            .to_owned();
        if (count_up_to(db, q, STATE_CAP).await? as u64) < STATE_CAP {
            return by_state(db, prefixes, f, &terms, words, limit).await;
        }
    }
    let rarest = rarest.1;
    // The postings' own scope is by community: a grid worker's grid is
    // checked on the event.
    let communities: Vec<String> = prefixes.iter().map(|p| p.chars().take(12).collect()).collect();
    let in_scope = communities
        .iter()
        .fold(sea_query::Cond::any(), |c, p| c.add(scope::starts_with((TABLE, "community_id"), p, true)));
    let mut before = f.before;
    let mut found = Found::default();
    let mut batch = Ord::max(limit, 16);
    let mut looked = 0;
    loop {
        let range = |q: &mut sea_query::SelectStatement| {
            q.from(TABLE).and_where(Expr::col("term").eq(rarest.as_str())).cond_where(in_scope.clone());
            if let Some(b) = before {
                q.and_where(Expr::col("event_id").lt(b));
            }
        };
        // The last posting of this round's range; none when fewer are left.
        let mut last =
            Query::select().column("event_id").order_by("event_id", Order::Desc).limit(1).offset(batch - 1).to_owned();
        range(&mut last);
        let bottom: Option<Uuid> = match db.fetch_optional(&last).await? {
            Some(r) => Some(r.get("event_id")?),
            None => None,
        };
        let mut posted = Query::select().column("event_id").to_owned();
        range(&mut posted);
        if let Some(b) = bottom {
            posted.and_where(Expr::col("event_id").gte(b));
        }
        let mut events = find_where(prefixes, &Find { before, ..f.clone() });
        if !f.states.is_empty() {
            events.and_where(Expr::col("state").is_in(f.states.iter().cloned()));
        }
        events.and_where(Expr::col("id").in_subquery(posted));
        for t in terms.iter().filter(|t| **t != rarest) {
            events.and_where(has(t));
        }
        let wanted = limit - found.rows.len() as u64;
        events.order_by("id", Order::Desc).limit(wanted);
        let rows = EventRow::all(db, &events).await?;
        // As many as wanted, some of them not holding the words whole: the
        // range has more to give below the last one.
        let full = rows.len() as u64 == wanted;
        let lowest = rows.last().map(|e| e.id);
        found.rows.extend(rows.into_iter().filter(|e| holds(e, words)));
        if found.rows.len() as u64 >= limit {
            return Ok(found);
        }
        if full {
            before = lowest;
            continue;
        }
        let Some(b) = bottom else { return Ok(found) };
        looked += batch;
        if looked >= scan_max {
            found.resume = Some(b);
            return Ok(found);
        }
        before = Some(b);
        batch = Ord::min(batch * 4, BATCH_MAX);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_text_is_kept_as_bigrams_of_letters_and_digits() {
        let t: Vec<String> = bigrams("3号楼，楼道 漏水!").into_iter().collect();
        assert_eq!(
            t,
            ["3号", "号楼", "楼楼", "楼道", "道漏", "漏水"]
                .map(String::from)
                .iter()
                .cloned()
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect::<Vec<_>>()
        );
        assert!(bigrams("灯").is_empty());
        assert_eq!(normalize("A栋 Room-12"), "a栋room12");
    }
}
