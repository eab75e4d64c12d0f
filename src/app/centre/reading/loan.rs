//! Loans of books and e-readers, returns and reminders, reading lists.

use super::*;
use crate::app::refusal::CentreRefusal;

impl App {
    /// Lends a book or an e-reader to a resident of the community for
    /// `days` (the centre's staff). A copy comes off the shelf, or the
    /// e-reader leaves it, in the same step as the loan is written.
    pub async fn lend(
        &self,
        user: &User,
        ip: &str,
        community: &str,
        what: Lent,
        person: Option<Uuid>,
        days: i64,
    ) -> Result<LoanRow> {
        Self::keeps_reading(user, community)?;
        self.lend_by(&user.actor(ip), community, what, person, days).await
    }

    /// Lends on an operator's say (the demo).
    pub async fn lend_by(
        &self,
        actor: &Actor,
        community: &str,
        what: Lent,
        person: Option<Uuid>,
        days: i64,
    ) -> Result<LoanRow> {
        if !(1..=MAX_LOAN_DAYS).contains(&days) {
            return Err(Error::invalid("days", Reason::Centre(CentreRefusal::ReadingDays)));
        }
        let person = person.ok_or(Error::invalid("person", Reason::Centre(CentreRefusal::ReadingBorrower)))?;
        let p = linli_store::registry::person::person_in(self.db(), community, person)
            .await?
            .filter(|p| p.status == "active")
            .ok_or(Error::invalid("person", Reason::Centre(CentreRefusal::ReadingBorrower)))?;
        let account = store::account_of_person(self.db(), community, person).await?;
        let now = Utc::now();
        let row = LoanRow {
            community_id: community.to_owned(),
            id: Uuid::now_v7(),
            book_id: match what {
                Lent::Book(b) => Some(b),
                Lent::Device(_) => None,
            },
            device_id: match what {
                Lent::Device(d) => Some(d),
                Lent::Book(_) => None,
            },
            person_id: Some(p.id),
            account_id: account,
            borrower_name: p.name.chars().take(40).collect(),
            lent_at: now,
            due_on: time::day(now) + Duration::days(days),
            returned_at: None,
            reminded_at: None,
            lent_by: actor.name.chars().take(60).collect(),
        };
        let mut tx = self.db().begin().await?;
        match what {
            Lent::Book(b) => {
                if !store::take_copy(&mut tx, community, b).await? {
                    return Err(Error::invalid("book", Reason::Centre(CentreRefusal::ReadingNoCopy)));
                }
            }
            Lent::Device(d) => {
                if !store::move_device(&mut tx, community, d, "shelf", "lent").await? {
                    return Err(Error::invalid("device", Reason::Centre(CentreRefusal::ReadingDeviceNotFree)));
                }
            }
        }
        store::lend(&mut tx, &row).await?;
        let detail = json!({ "book": row.book_id, "device": row.device_id, "due_on": row.due_on });
        record(&mut tx, actor, "reading.lend", &row.id.to_string(), detail).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Records a loan returned: the copy goes back on the shelf, or the
    /// e-reader (the centre's staff).
    pub async fn return_loan(&self, user: &User, ip: &str, community: &str, id: Uuid) -> Result<()> {
        Self::keeps_reading(user, community)?;
        let l = store::loan(self.db(), community, id).await?.ok_or(Error::NotFound("loan"))?;
        let mut tx = self.db().begin().await?;
        if !store::give_back(&mut tx, community, id, Utc::now()).await? {
            return Err(Error::invalid("loan", Reason::Centre(CentreRefusal::ReadingReturned)));
        }
        if let Some(b) = l.book_id {
            store::put_back(&mut tx, community, b).await?;
        }
        if let Some(d) = l.device_id {
            store::move_device(&mut tx, community, d, "lent", "shelf").await?;
        }
        record(&mut tx, &user.actor(ip), "reading.return", &id.to_string(), json!({})).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A room's open loans (only the overdue when asked), the earliest due
    /// first.
    pub async fn open_loans(&self, user: &User, community: &str, overdue_only: bool) -> Result<Vec<Loan>> {
        Self::keeps_reading(user, community)?;
        let today = time::day(Utc::now());
        let rows = store::open_loans(self.db(), community, overdue_only.then_some(today)).await?;
        self.loans_shown(community, rows, today).await
    }

    pub(super) async fn loans_shown(&self, community: &str, rows: Vec<LoanRow>, today: NaiveDate) -> Result<Vec<Loan>> {
        let ids: Vec<Uuid> = rows.iter().filter_map(|l| l.book_id).collect();
        let books: BTreeMap<Uuid, String> =
            store::books_by_id(self.db(), &ids).await?.into_iter().map(|b| (b.id, b.title)).collect();
        let devices: BTreeMap<Uuid, String> = store::devices(self.db(), community)
            .await?
            .into_iter()
            .map(|d| (d.id, format!("{} {}", d.asset_no, d.model)))
            .collect();
        Ok(rows
            .into_iter()
            .map(|row| {
                let what = row
                    .book_id
                    .and_then(|b| books.get(&b).cloned())
                    .or_else(|| row.device_id.and_then(|d| devices.get(&d).cloned()))
                    .unwrap_or_default();
                let overdue = row.returned_at.is_none() && row.due_on < today;
                Loan { row, what, overdue }
            })
            .collect())
    }

    /// Reminds each overdue borrower by SMS (at most every three days per
    /// loan); how many were reminded.
    pub async fn remind_overdue(&self, user: &User, ip: &str, community: &str) -> Result<usize> {
        Self::keeps_reading(user, community)?;
        let now = Utc::now();
        let overdue = self.open_loans(user, community, true).await?;
        let mut tx = self.db().begin().await?;
        let mut notes = Vec::new();
        for l in &overdue {
            let Some(person) = l.row.person_id else { continue };
            if !store::remind(&mut tx, community, l.row.id, now, now - REMIND_AGAIN).await? {
                continue;
            }
            notes.push(linli_store::notify::outbox::Notification {
                community_id: community.to_owned(),
                id: Uuid::now_v7(),
                channel: "sms".into(),
                recipient: format!("person:{community}:{person}"),
                subject: "阅览室还书提醒".into(),
                body: format!(
                    "{}您好：您在社区阅览室借的《{}》已于 {} 到期，请尽快归还。如有疑问请联系社区服务中心。",
                    l.row.borrower_name,
                    l.what.trim(),
                    l.row.due_on.format("%m月%d日")
                ),
                event_id: None,
                created_at: now,
                sent_at: None,
            });
        }
        linli_store::notify::outbox::notify_many(&mut tx, &notes).await?;
        record(&mut tx, &user.actor(ip), "reading.remind", community, json!({ "reminded": notes.len() })).await?;
        tx.commit().await?;
        Ok(notes.len())
    }

    // The reader's own.
}
