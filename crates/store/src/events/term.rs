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

/// Postings read in the last round of a search, at most: the first reads
/// as many as asked for (the rarest term's postings mostly hold the words),
/// each next round four times the one before.
const BATCH_MAX: u64 = 4_000;

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

/// How many postings `term` has, counted up to [`COUNT_CAP`].
async fn postings(db: &Db, term: &str) -> Result<i64> {
    let sub = Query::select()
        .expr(Expr::val(1))
        .from(TABLE)
        .and_where(Expr::col("term").eq(term))
        .limit(COUNT_CAP)
        .to_owned();
    let q = Query::select().expr_as(Expr::cust("COUNT(*)"), "n").from_subquery(sub, "p").to_owned();
    Ok(match db.fetch_optional(&q).await? {
        Some(r) => r.get("n")?,
        None => 0,
    })
}

/// Events in scope that match `f` and hold every word (normalized, at
/// least one of two characters or more), newest first, older than `f.before`
/// when given, at most `limit`.
pub async fn search(db: &Db, prefixes: &[String], f: &Find, words: &[String], limit: u64) -> Result<Vec<EventRow>> {
    let terms: BTreeSet<String> = words.iter().flat_map(|w| bigrams(w)).collect();
    if prefixes.is_empty() || terms.is_empty() {
        return Ok(Vec::new());
    }
    let mut rarest = (i64::MAX, String::new());
    for t in terms {
        let n = postings(db, &t).await?;
        if n < rarest.0 {
            rarest = (n, t);
        }
    }
    // The postings' own scope is by community: a grid worker's grid is
    // checked on the event.
    let communities: Vec<String> = prefixes.iter().map(|p| p.chars().take(12).collect()).collect();
    let in_scope = communities
        .iter()
        .fold(sea_query::Cond::any(), |c, p| c.add(scope::starts_with((TABLE, "community_id"), p, true)));
    let mut before = f.before;
    let mut found = Vec::new();
    let mut batch = Ord::max(limit, 16);
    loop {
        let mut q = Query::select()
            .columns(["community_id", "event_id"])
            .from(TABLE)
            .and_where(Expr::col("term").eq(rarest.1.as_str()))
            .cond_where(in_scope.clone())
            .order_by("event_id", Order::Desc)
            .limit(batch)
            .to_owned();
        if let Some(b) = before {
            q.and_where(Expr::col("event_id").lt(b));
        }
        let posted = db.fetch_all(&q).await?;
        let mut ids = Vec::with_capacity(posted.len());
        let mut places = BTreeSet::new();
        for r in &posted {
            ids.push(r.get::<Uuid>("event_id")?);
            places.insert(r.get::<String>("community_id")?);
        }
        let Some(&last) = ids.last() else { break };
        let mut events = find_where(prefixes, f);
        if !f.states.is_empty() {
            events.and_where(Expr::col("state").is_in(f.states.iter().cloned()));
        }
        events
            .and_where(Expr::col("community_id").is_in(places))
            .and_where(Expr::col("id").is_in(ids.iter().copied()))
            .order_by("id", Order::Desc);
        for e in EventRow::all(db, &events).await? {
            if holds(&e, words) {
                found.push(e);
                if found.len() as u64 >= limit {
                    return Ok(found);
                }
            }
        }
        if (ids.len() as u64) < batch {
            break;
        }
        before = Some(last);
        batch = Ord::min(batch * 4, BATCH_MAX);
    }
    Ok(found)
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
