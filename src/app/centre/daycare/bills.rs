//! The month's meal bills, through the bills module.

use super::*;
use crate::app::refusal::CentreRefusal;

impl App {
    /// Bills a month's booked meals to the elders' houses under the fee
    /// item [`FEE_CODE`] (one bill per house and month: a run again makes
    /// none twice). The centre's staff.
    pub async fn bill_meals(&self, user: &User, ip: &str, community: &str, period: &str) -> Result<MealBills> {
        Self::keeps_daycare(user, community)?;
        self.bill_meals_by(&user.actor(ip), community, period).await
    }

    /// Bills a month's meals on an operator's say (the demo).
    pub async fn bill_meals_by(&self, actor: &Actor, community: &str, period: &str) -> Result<MealBills> {
        let period = crate::app::bills::bill::period(period).map_err(|e| match e {
            Error::Invalid { reason, .. } => Error::invalid("month", reason),
            e => e,
        })?;
        let first = NaiveDate::parse_from_str(&format!("{period}-01"), "%Y-%m-%d")
            .map_err(|_| Error::invalid("month", Reason::BadPeriod))?;
        let last = (first + Duration::days(32)).with_day(1).unwrap_or(first) - Duration::days(1);
        // A month is billed once: while it runs, meals are still being booked.
        if last >= time::day(Utc::now()) {
            return Err(Error::invalid("month", Reason::Centre(CentreRefusal::DaycareMonthNotOver)));
        }
        let code = Error::community(community)?;
        let settings = self.meal_settings(community).await?;
        if !self.fee_items(&code).await?.iter().any(|f| f.code == FEE_CODE) {
            // Named for the bills' pages; not active, so fee runs leave it out.
            let fee = crate::app::bills::fee::FeeItem {
                code: FEE_CODE.into(),
                name: "日间照料餐费".into(),
                pricing: crate::domain::bills::bill::Pricing::Fixed { fen: settings[1].price.max(1) },
                unit: String::new(),
                active: false,
                grace_days: crate::domain::bills::arrears::DEFAULT_GRACE_DAYS,
            };
            self.put_fee_item(actor, community, fee).await?;
        }
        let bookings = store::bookings(self.db(), community, (first, last), None).await?;
        let ids: Vec<Uuid> = {
            let mut ids: Vec<Uuid> = bookings.iter().map(|b| b.elder_id).collect();
            ids.sort();
            ids.dedup();
            ids
        };
        let elders = store::elders_by_id(self.db(), &ids).await?;
        // Per house: meals, fen, and the words of the bill's detail.
        let mut houses: BTreeMap<Uuid, (u64, i64, Vec<String>)> = BTreeMap::new();
        let mut out = MealBills::default();
        for e in &elders {
            let mine: Vec<&BookingRow> = bookings.iter().filter(|b| b.elder_id == e.id).collect();
            // Each meal at the price it was booked at; the words group them.
            let mut lines: BTreeMap<(Meal, i64), u64> = BTreeMap::new();
            for b in &mine {
                if let Some(m) = Meal::parse(&b.meal) {
                    *lines.entry((m, b.price)).or_default() += 1;
                }
            }
            let fen: i64 = lines.iter().map(|((_, price), n)| price * *n as i64).sum();
            let meals: u64 = lines.values().sum();
            let household = linli_store::registry::person::person_in(self.db(), community, e.person_id)
                .await?
                .map(|p| p.household_id);
            let house = match household {
                Some(h) => linli_store::bills::house::house_of_household(self.db(), community, h).await?,
                None => None,
            };
            let Some(house) = house else {
                out.no_house.push(e.name.clone());
                continue;
            };
            let words: Vec<String> = lines
                .iter()
                .map(|((m, price), n)| {
                    let name = match m {
                        Meal::Breakfast => "早餐",
                        Meal::Lunch => "午餐",
                        Meal::Dinner => "晚餐",
                    };
                    format!("{name} {n} 份 × {}", crate::domain::money::Fen::new(*price))
                })
                .collect();
            let h = houses.entry(house).or_default();
            h.0 += meals;
            h.1 += fen;
            h.2.push(format!("{}：{}", e.name, words.join("，")));
        }
        let now = Utc::now();
        let rows: Vec<linli_store::bills::bill::BillRow> = houses
            .iter()
            .map(|(house, (_, fen, words))| linli_store::bills::bill::BillRow {
                community_id: community.to_owned(),
                id: Uuid::now_v7(),
                house_id: *house,
                fee_code: FEE_CODE.into(),
                period: period.clone(),
                amount: *fen,
                paid: 0,
                refunded: 0,
                waived: 0,
                detail: words.join("；").chars().take(480).collect(),
                created_at: now,
                updated_at: now,
            })
            .collect();
        let billed = linli_store::bills::bill::houses_billed(self.db(), community, FEE_CODE, &period).await?;
        out.existing = rows.iter().filter(|r| billed.contains(&r.house_id)).count() as u64;
        let rows: Vec<_> = rows.into_iter().filter(|r| !billed.contains(&r.house_id)).collect();
        let mut tx = self.db().begin().await?;
        // One by one: a run at the same moment may have made some of them,
        // and only the bills this run made are counted as its own.
        for r in &rows {
            if linli_store::bills::bill::add_bills(&mut tx, std::slice::from_ref(r)).await? == 1 {
                out.created += 1;
                out.meals += houses.get(&r.house_id).map_or(0, |h| h.0);
                out.amount += r.amount;
            } else {
                out.existing += 1;
            }
        }
        let detail = json!({ "period": period, "created": out.created, "existing": out.existing,
            "no_house": out.no_house.len() });
        record(&mut tx, actor, "daycare.bills", community, detail).await?;
        tx.commit().await?;
        if out.created > 0 {
            self.settle_community_from_prepaid(actor, community).await?;
        }
        Ok(out)
    }
}
