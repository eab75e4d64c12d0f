//! Pick-up windows and orders: placing, paying, handing over, expiring, sales.

use super::*;
use crate::app::refusal::CentreRefusal;

/// How far ahead a pickup window may be set, in days.
pub(super) const WINDOW_AHEAD_DAYS: i64 = 60;
/// Most windows a buyer is offered.
pub(super) const WINDOWS_SHOWN: u64 = 40;

impl App {
    /// Opens a pickup window at a community's counter (its centre's staff).
    pub async fn add_pickup_window(
        &self,
        user: &User,
        ip: &str,
        community: &str,
        (starts_at, ends_at): (DateTime<Utc>, DateTime<Utc>),
        capacity: i64,
    ) -> Result<WindowRow> {
        if !runs(user, community) {
            return Err(Error::Forbidden);
        }
        self.add_pickup_window_by(&user.actor(ip), community, (starts_at, ends_at), capacity).await
    }

    /// Opens a pickup window on an operator's say (the demo).
    pub async fn add_pickup_window_by(
        &self,
        actor: &Actor,
        community: &str,
        (starts_at, ends_at): (DateTime<Utc>, DateTime<Utc>),
        capacity: i64,
    ) -> Result<WindowRow> {
        let now = Utc::now();
        let ok = ends_at > starts_at
            && ends_at - starts_at <= Duration::hours(12)
            && ends_at > now
            && starts_at < now + Duration::days(WINDOW_AHEAD_DAYS)
            && (1..=500).contains(&capacity);
        if !ok {
            return Err(Error::invalid("starts_at", Reason::Centre(CentreRefusal::PickupTimes)));
        }
        let row = WindowRow {
            community_id: community.to_owned(),
            id: Uuid::now_v7(),
            starts_at,
            ends_at,
            capacity,
            taken: 0,
        };
        let mut tx = self.db().begin().await?;
        match store::add_window(&mut tx, &row).await {
            Err(linli_store::Error::Conflict { .. }) => {
                return Err(Error::invalid("starts_at", Reason::Centre(CentreRefusal::PickupTimes)));
            }
            r => r?,
        }
        let detail = json!({ "starts_at": starts_at, "ends_at": ends_at, "capacity": capacity });
        record(&mut tx, actor, "produce.window", &row.id.to_string(), detail).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// A community's pickup windows not yet over, soonest first.
    pub async fn pickup_windows(&self, community: &str) -> Result<Vec<WindowRow>> {
        Ok(store::windows(self.db(), community, Utc::now(), WINDOWS_SHOWN).await?)
    }

    /// Places an order for pickup at a community's counter: by a visitor
    /// (`account` none, counted against [`ANONYMOUS_ORDERS`]) or a signed-in
    /// resident. Stock and the window's place are taken in one transaction.
    pub async fn place_produce_order(
        &self,
        ip: &str,
        account: Option<&User>,
        community: &str,
        n: NewOrder,
    ) -> Result<OrderView> {
        let name = clean(&n.name);
        let name = name.as_str();
        if name.is_empty() || !within(name, 20) {
            return Err(Error::invalid("name", Reason::Centre(CentreRefusal::BuyerName)));
        }
        let phone = Phone::parse(&n.phone).map_err(|_| Error::invalid("phone", Reason::Mobile))?;
        let mut wanted: BTreeMap<Uuid, i64> = BTreeMap::new();
        for (product, q) in &n.lines {
            if *q == 0 {
                continue;
            }
            if !(1..=produce::MAX_QUANTITY).contains(q) {
                return Err(Error::invalid("quantity", Reason::Centre(CentreRefusal::ProduceQuantity)));
            }
            let sum = wanted.entry(*product).or_default();
            *sum += q;
            if *sum > produce::MAX_QUANTITY {
                return Err(Error::invalid("quantity", Reason::Centre(CentreRefusal::ProduceQuantity)));
            }
        }
        if wanted.is_empty() || wanted.len() > produce::MAX_LINES {
            return Err(Error::invalid("lines", Reason::Centre(CentreRefusal::ProduceNothing)));
        }
        let window_id = n.window.ok_or(Error::invalid("window", Reason::Centre(CentreRefusal::PickupChoose)))?;
        let window = store::window(self.db(), community, window_id)
            .await?
            .filter(|w| w.ends_at > Utc::now())
            .ok_or(Error::invalid("window", Reason::Centre(CentreRefusal::PickupChoose)))?;
        let shelf = self.produce_shelf(community).await?;
        let mut lines = Vec::new();
        for (product, q) in &wanted {
            let Some((e, p)) =
                shelf.iter().find_map(|s| s.products.iter().find(|p| p.id == *product).map(|p| (&s.enterprise, p)))
            else {
                return Err(Error::invalid("lines", Reason::Centre(CentreRefusal::ProduceNothing)));
            };
            lines.push(LineRow {
                community_id: community.to_owned(),
                order_id: Uuid::nil(),
                product_id: p.id,
                enterprise_id: e.id,
                product_name: p.name.clone(),
                enterprise_name: e.name.clone(),
                village: e.village.clone(),
                unit: p.unit.clone(),
                price: p.price,
                quantity: *q,
            });
        }
        let total = produce::total(&lines.iter().map(|l| (l.price, l.quantity)).collect::<Vec<_>>())
            .ok_or(Error::invalid("quantity", Reason::Centre(CentreRefusal::ProduceQuantity)))?;
        // Counted only once the order is known to be well-formed, so that
        // typing mistakes do not use up a visitor's orders.
        let counted = match account {
            None => self.reserve(&ANONYMOUS_ORDERS, ip).await?,
            Some(u) => self.reserve(&ACCOUNT_ORDERS, &u.account.row.id.to_string()).await?,
        };
        if counted.is_err() {
            return Err(Error::TooMany);
        }
        let now = Utc::now();
        let order = OrderRow {
            community_id: community.to_owned(),
            id: Uuid::now_v7(),
            token: Uuid::new_v4().simple().to_string(),
            window_id: window.id,
            buyer_name: name.to_owned(),
            phone_sealed: self.keys().seal(phone.as_str()),
            phone_masked: phone.masked(),
            account_id: account.map(|u| u.account.row.id),
            total,
            state: OrderState::Placed.key().into(),
            paid_by: None,
            code: crate::app::life::points::pickup_code(),
            created_at: now,
            expires_at: now + produce::hold(),
            paid_at: None,
            closed_at: None,
            closed_by: None,
            refund_owed: 0,
        };
        for l in &mut lines {
            l.order_id = order.id;
        }
        let mut tx = self.db().begin().await?;
        if !store::move_place(&mut tx, community, window.id, 1).await? {
            return Err(Error::invalid("window", Reason::Centre(CentreRefusal::PickupFull)));
        }
        for l in &lines {
            if !store::move_stock(&mut tx, community, l.product_id, -l.quantity, true).await? {
                // Its connection goes back before another is taken: under a burst the pool is full.
                tx.rollback().await?;
                let left = store::product(self.db(), l.product_id).await?.filter(|p| p.active).map_or(0, |p| p.stock);
                return Err(Error::invalid(
                    "quantity",
                    Reason::Centre(CentreRefusal::ProduceShort { name: l.product_name.clone(), left }),
                ));
            }
        }
        store::add_order(&mut tx, &order, &lines).await?;
        let actor = account.map_or_else(|| Actor::system("visitor", ip), |u| u.actor(ip));
        let detail = json!({ "total": total, "lines": lines.len(), "phone": order.phone_masked });
        record(&mut tx, &actor, "produce.order", &order.id.to_string(), detail).await?;
        tx.commit().await?;
        Ok(OrderView { order, lines, window: Some(window) })
    }

    /// An order by the token its buyer holds (no sign-in).
    pub async fn produce_order_by_token(&self, token: &str) -> Result<OrderView> {
        let token = token.trim();
        if token.len() != 32 {
            return Err(Error::NotFound("order"));
        }
        let order = store::order_by_token(self.db(), token).await?.ok_or(Error::NotFound("order"))?;
        self.order_view(order).await
    }

    async fn order_view(&self, order: OrderRow) -> Result<OrderView> {
        let lines = store::lines(self.db(), &order.community_id, order.id).await?;
        let window = store::window(self.db(), &order.community_id, order.window_id).await?;
        Ok(OrderView { order, lines, window })
    }

    /// The buyer calls an unpaid order off: its stock and place go back.
    pub async fn cancel_produce_by_buyer(&self, ip: &str, token: &str) -> Result<OrderView> {
        let v = self.produce_order_by_token(token).await?;
        if v.state() != Some(OrderState::Placed) {
            return Err(Error::invalid("order", Reason::Centre(CentreRefusal::ProduceOrderNotNow)));
        }
        self.produce_step(&Actor::system("buyer", ip), v, Step::Cancel).await
    }

    /// An online order (the local provider's, or a real one's) to pay a
    /// produce order; its callback is applied once like a bill's.
    pub async fn pay_produce_online(&self, ip: &str, token: &str) -> Result<linli_store::bills::order::OrderRow> {
        let v = self.produce_order_by_token(token).await?;
        if v.state() != Some(OrderState::Placed) || v.order.expires_at <= Utc::now() {
            return Err(Error::invalid("order", Reason::Centre(CentreRefusal::ProduceOrderNotNow)));
        }
        // Paying again goes to the order already made: one order, one charge.
        if let Some(waiting) =
            linli_store::bills::order::order_for_produce(self.db(), &v.order.community_id, v.order.id).await?
        {
            return Ok(waiting);
        }
        let provider = self
            .provider(crate::app::bills::pay::LOCAL_PROVIDER)
            .ok_or_else(|| Error::invalid("provider", Reason::NoOnlinePayment))?
            .name();
        let pay = linli_store::bills::order::OrderRow {
            community_id: v.order.community_id.clone(),
            order_no: crate::app::bills::pay::new_order_no(),
            bill_id: None,
            amount: v.order.total,
            provider: provider.into(),
            state: "created".into(),
            provider_txn: None,
            created_by: v.order.phone_masked.clone(),
            created_at: Utc::now(),
            paid_at: None,
            channel: "online".into(),
            produce_order_id: Some(v.order.id),
        };
        let mut tx = self.db().begin().await?;
        linli_store::bills::order::add_order(&mut tx, &pay).await?;
        let detail = json!({ "produce_order": v.order.id, "amount": pay.amount, "provider": pay.provider });
        record(&mut tx, &Actor::system("buyer", ip), "pay.order", &pay.order_no, detail).await?;
        tx.commit().await?;
        Ok(pay)
    }

    /// A provider says a produce order was paid (called once per online
    /// order by the payment callback, inside nothing: it takes its own
    /// transaction). A payment after the order's release takes the stock
    /// again when there is some, or leaves the money owed back (refund).
    pub(crate) async fn produce_paid_online(
        &self,
        actor: &Actor,
        pay: &linli_store::bills::order::OrderRow,
        txn: &str,
    ) -> Result<(OrderView, bool)> {
        let id = pay.produce_order_id.ok_or(Error::NotFound("order"))?;
        let order = store::order(self.db(), id).await?.ok_or(Error::NotFound("order"))?;
        // Read before the transaction: it must not wait for a second connection.
        let lines = store::lines(self.db(), &order.community_id, order.id).await?;
        let window = store::window(self.db(), &order.community_id, order.window_id).await?;
        let now = Utc::now();
        let mut tx = self.db().begin().await?;
        if !linli_store::bills::order::order_paid(&mut tx, &pay.community_id, &pay.order_no, txn, now).await? {
            // Applied before: a replayed callback pays nothing.
            drop(tx);
            return Ok((self.order_view(order).await?, true));
        }
        let state = OrderState::parse(&order.state).ok_or(Error::NotFound("order"))?;
        let change = Change { paid_by: Some("online".into()), paid_at: Some(now), ..Change::default() };
        let to = match produce::next(state, Step::PayOnline) {
            Some(OrderState::Paid) if state == OrderState::Expired => {
                // Revived only if everything can be taken again.
                let mut all = store::move_place(&mut tx, &order.community_id, order.window_id, 1).await?;
                for l in &lines {
                    all =
                        all && store::move_stock(&mut tx, &order.community_id, l.product_id, -l.quantity, true).await?;
                }
                if all {
                    OrderState::Paid
                } else {
                    // Undo what was taken: the transaction's earlier updates stay
                    // only if we commit, so roll back and take the refund path.
                    tx.rollback().await?;
                    tx = self.db().begin().await?;
                    linli_store::bills::order::order_paid(&mut tx, &pay.community_id, &pay.order_no, txn, now).await?;
                    OrderState::Refund
                }
            }
            Some(s) => s,
            // Paid while cancelled: the money goes back. Paid twice (cash, then
            // online): the order stands and the second payment is owed back.
            None if state == OrderState::Cancelled => OrderState::Refund,
            None => {
                store::owe_back(&mut tx, &order, pay.amount).await?;
                let detail = json!({ "order_no": pay.order_no, "owed": pay.amount });
                record(&mut tx, actor, "produce.paid_twice", &order.id.to_string(), detail).await?;
                tx.commit().await?;
                return Ok((self.order_view(order).await?, false));
            }
        };
        if !store::set_state(&mut tx, &order, state.key(), to.key(), &change).await? {
            return Err(Error::invalid("order", Reason::Centre(CentreRefusal::ProduceOrderNotNow)));
        }
        let detail = json!({ "order_no": pay.order_no, "amount": pay.amount, "from": state.key(), "to": to.key() });
        record(&mut tx, actor, "produce.paid", &order.id.to_string(), detail).await?;
        if to == OrderState::Paid {
            linli_store::notify::outbox::notify(&mut tx, &paid_notice(&order, window.as_ref(), now)).await?;
        }
        tx.commit().await?;
        let order = store::order(self.db(), id).await?.ok_or(Error::NotFound("order"))?;
        Ok((self.order_view(order).await?, false))
    }

    /// Takes a step on an order from the state it was read in: stock and
    /// the window's place go back when it is cancelled or released.
    async fn produce_step(&self, actor: &Actor, v: OrderView, step: Step) -> Result<OrderView> {
        let from = v.state().ok_or(Error::NotFound("order"))?;
        let mut to = produce::next(from, step)
            .ok_or(Error::invalid("order", Reason::Centre(CentreRefusal::ProduceOrderNotNow)))?;
        // Called off once paid online: the money goes back (cash is handed back at the counter).
        if to == OrderState::Cancelled && v.order.paid_by.as_deref() == Some("online") {
            to = OrderState::Refund;
        }
        let now = Utc::now();
        let change = match step {
            Step::PayCash => Change { paid_by: Some("cash".into()), paid_at: Some(now), ..Change::default() },
            _ => Change { closed_at: Some(now), closed_by: Some(actor.label.clone()), ..Change::default() },
        };
        let mut tx = self.db().begin().await?;
        if !store::set_state(&mut tx, &v.order, from.key(), to.key(), &change).await? {
            return Err(Error::invalid("order", Reason::Centre(CentreRefusal::ProduceOrderNotNow)));
        }
        if from.holds_stock() && !to.holds_stock() {
            store::move_place(&mut tx, &v.order.community_id, v.order.window_id, -1).await?;
            for l in &v.lines {
                store::move_stock(&mut tx, &v.order.community_id, l.product_id, l.quantity, false).await?;
            }
        }
        let detail = json!({ "from": from.key(), "to": to.key(), "total": v.order.total });
        record(&mut tx, actor, "produce.step", &v.order.id.to_string(), detail).await?;
        if step == Step::PayCash {
            linli_store::notify::outbox::notify(&mut tx, &paid_notice(&v.order, v.window.as_ref(), now)).await?;
        }
        tx.commit().await?;
        let order = store::order(self.db(), v.order.id).await?.ok_or(Error::NotFound("order"))?;
        self.order_view(order).await
    }

    /// The counter's work: orders waiting to be paid or collected in the
    /// communities the user runs (a code narrows it to that order).
    pub async fn produce_counter(&self, user: &User, code: Option<&str>) -> Result<Vec<OrderView>> {
        let k = self.produce_keeper(user).await?;
        if k.communities.is_empty() {
            return Err(Error::Forbidden);
        }
        let orders = store::orders_in(self.db(), &k.communities, &["placed", "paid", "refund"], 500).await?;
        let code = code.map(str::trim).filter(|c| !c.is_empty());
        let mut out = Vec::new();
        for o in orders.into_iter().filter(|o| code.is_none_or(|c| o.code == c)) {
            out.push(self.order_view(o).await?);
        }
        out.sort_by_key(|v| v.window.as_ref().map(|w| w.starts_at));
        Ok(out)
    }

    /// A step at the counter: cash taken, handed over (the buyer's code must
    /// be said), or called off. The centre's staff of its community only.
    pub async fn produce_counter_step(
        &self,
        user: &User,
        ip: &str,
        id: Uuid,
        step: Step,
        code: &str,
    ) -> Result<OrderView> {
        let order = store::order(self.db(), id).await?.ok_or(Error::NotFound("order"))?;
        if !runs(user, &order.community_id) {
            return Err(Error::NotFound("order"));
        }
        if step == Step::Collect && code.trim() != order.code {
            return Err(Error::invalid("code", Reason::Centre(CentreRefusal::PickupCode)));
        }
        if matches!(step, Step::PayOnline | Step::Expire) {
            return Err(Error::invalid("order", Reason::Centre(CentreRefusal::ProduceOrderNotNow)));
        }
        let v = self.order_view(order).await?;
        self.produce_step(&user.actor(ip), v, step).await
    }

    /// Releases unpaid orders whose time is up (the minute loop).
    pub async fn expire_produce_orders(&self, now: DateTime<Utc>) -> Result<usize> {
        let mut n = 0;
        let actor = Actor::system("produce-expiry", "system");
        for o in store::overdue(self.db(), now, 200).await? {
            let v = self.order_view(o).await?;
            match self.produce_step(&actor, v, Step::Expire).await {
                Ok(_) => n += 1,
                // Paid or cancelled at the same moment: nothing to release.
                Err(Error::Invalid { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(n)
    }

    /// The signed-in buyer's own orders, newest first.
    pub async fn my_produce_orders(&self, user: &User) -> Result<Vec<OrderView>> {
        let mut out = Vec::new();
        for o in store::orders_of(self.db(), user.account.row.id, 50).await? {
            out.push(self.order_view(o).await?);
        }
        Ok(out)
    }

    /// The orders a merchant's enterprises are in (its lines only), newest first.
    pub async fn merchant_orders(&self, user: &User) -> Result<Vec<OrderView>> {
        let k = self.produce_keeper(user).await?;
        if k.enterprises.is_empty() {
            return Ok(Vec::new());
        }
        let mut codes = Vec::new();
        for id in &k.enterprises {
            if let Some(e) = store::enterprise(self.db(), *id).await? {
                codes.push(e.community_id);
            }
        }
        let orders = store::orders_in(self.db(), &codes, &["placed", "paid", "collected"], 500).await?;
        let ids: Vec<Uuid> = orders.iter().map(|o| o.id).collect();
        let lines = store::lines_of(self.db(), &ids).await?;
        let mut out = Vec::new();
        for o in orders {
            let own: Vec<LineRow> = lines
                .iter()
                .filter(|l| l.order_id == o.id && k.enterprises.contains(&l.enterprise_id))
                .cloned()
                .collect();
            if own.is_empty() {
                continue;
            }
            let window = store::window(self.db(), &o.community_id, o.window_id).await?;
            // A merchant sees what to prepare, not who buys it.
            let order = OrderRow { buyer_name: String::new(), phone_masked: String::new(), code: String::new(), ..o };
            out.push(OrderView { order, lines: own, window });
        }
        Ok(out)
    }

    /// Sales of a year by month, enterprise and product (paid or collected
    /// orders, by the day paid): a centre's staff see their communities', a
    /// merchant only their own enterprises'.
    pub async fn produce_sales(&self, user: &User, year: i32) -> Result<Vec<SalesRow>> {
        let k = self.produce_keeper(user).await?;
        if k.is_empty() {
            return Err(Error::Forbidden);
        }
        let from = NaiveDate::from_ymd_opt(year, 1, 1)
            .ok_or(Error::invalid("year", Reason::Centre(CentreRefusal::ProduceNothing)))?;
        let to = NaiveDate::from_ymd_opt(year + 1, 1, 1)
            .ok_or(Error::invalid("year", Reason::Centre(CentreRefusal::ProduceNothing)))?;
        let bounds = (crate::domain::time::day_bounds(from).0, crate::domain::time::day_bounds(to).0);
        let mut codes = k.communities.clone();
        for id in &k.enterprises {
            if let Some(e) = store::enterprise(self.db(), *id).await?
                && !codes.contains(&e.community_id)
            {
                codes.push(e.community_id);
            }
        }
        let sold = store::sold(self.db(), &codes, bounds).await?;
        // (month, enterprise, village, product, unit) → (units, fen).
        type Key = (String, String, String, String, String);
        let mut sums: BTreeMap<Key, (i64, i64)> = BTreeMap::new();
        for s in sold {
            let l = &s.line;
            if !k.communities.contains(&l.community_id) && !k.enterprises.contains(&l.enterprise_id) {
                continue;
            }
            let day = crate::domain::time::day(s.paid_at);
            let month = format!("{:04}-{:02}", day.year(), day.month());
            let key = (month, l.enterprise_name.clone(), l.village.clone(), l.product_name.clone(), l.unit.clone());
            let sum = sums.entry(key).or_default();
            sum.0 += l.quantity;
            sum.1 += l.price * l.quantity;
        }
        Ok(sums
            .into_iter()
            .map(|((month, enterprise, village, product, unit), (quantity, amount))| SalesRow {
                month,
                enterprise,
                village,
                product,
                unit,
                quantity,
                amount,
            })
            .collect())
    }
}
