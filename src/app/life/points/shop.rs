//! The points shop: items, stock, exchanges.

use super::*;

impl App {
    /// The shop's items the user sees (where they live, or their area).
    pub async fn shop_items(&self, user: &User) -> Result<Vec<ShopItemRow>> {
        let scope = self.life_scope(user).await?;
        Ok(store::items(self.db(), &scope, !super::super::runs_somewhere(user)).await?)
    }

    /// Staff add an item given by a member unit.
    pub async fn add_shop_item(&self, user: &User, ip: &str, n: NewItem) -> Result<ShopItemRow> {
        if n.community.len() != 12 || !runs(user, &n.community) {
            return Err(Error::Forbidden);
        }
        let name = n.name.trim();
        if name.is_empty() || name.chars().count() > 30 {
            return Err(Error::invalid("name", Reason::ShopItemName));
        }
        if n.about.chars().count() > 200 || n.given_by.chars().count() > 60 {
            return Err(Error::invalid("about", Reason::ShopItemText));
        }
        if !(1..=100_000).contains(&n.points) {
            return Err(Error::invalid("points", Reason::PointsAmount));
        }
        if !(0..=100_000).contains(&n.stock) {
            return Err(Error::invalid("stock", Reason::Stock));
        }
        let row = ShopItemRow {
            id: Uuid::now_v7(),
            community_id: n.community.clone(),
            name: name.to_owned(),
            about: n.about.trim().to_owned(),
            points: n.points,
            stock: n.stock,
            given_by: n.given_by.trim().to_owned(),
            active: true,
            created_at: Utc::now(),
        };
        let mut tx = self.db().begin().await?;
        match store::add_item(&mut tx, &row).await {
            Err(linli_store::Error::Conflict { .. }) => return Err(Error::invalid("name", Reason::ShopItemName)),
            r => r?,
        }
        record(
            &mut tx,
            &user.actor(ip),
            "shop.add",
            &row.id.to_string(),
            json!({ "name": row.name, "stock": row.stock }),
        )
        .await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Staff add stock (or take some off, never below zero), or stop offering it.
    pub async fn restock(&self, user: &User, ip: &str, item: Uuid, delta: i64, active: bool) -> Result<ShopItemRow> {
        let mut i = store::item(self.db(), item).await?.ok_or(Error::NotFound("item"))?;
        if !runs(user, &i.community_id) {
            return Err(Error::NotFound("item"));
        }
        if !(-100_000..=100_000).contains(&delta) {
            return Err(Error::invalid("stock", Reason::Stock));
        }
        let mut tx = self.db().begin().await?;
        if delta != 0 && !store::move_stock(&mut tx, item, delta).await? {
            tx.rollback().await?;
            return Err(Error::invalid("stock", Reason::Stock));
        }
        i.active = active;
        store::update_item(&mut tx, &i).await?;
        record(
            &mut tx,
            &user.actor(ip),
            "shop.restock",
            &item.to_string(),
            json!({ "delta": delta, "active": active }),
        )
        .await?;
        tx.commit().await?;
        store::item(self.db(), item).await?.ok_or(Error::NotFound("item"))
    }

    /// Exchanges points for `quantity` of an item: a resident for
    /// themself (collected at the counter with a code), or staff at the
    /// counter for `person` (handed over at once). Stock and points move
    /// in one transaction.
    pub async fn exchange_points(
        &self,
        user: &User,
        ip: &str,
        item: Uuid,
        quantity: i64,
        person: Option<Uuid>,
    ) -> Result<ExchangeRow> {
        let i = store::item(self.db(), item).await?.ok_or(Error::NotFound("item"))?;
        let (p, at_counter) = match person {
            Some(id) => {
                let p = self.person_run(user, id).await?;
                if p.community_id != i.community_id {
                    return Err(Error::NotFound("item"));
                }
                (p, true)
            }
            None => (self.own_person(user, Some(&i.community_id)).await?, false),
        };
        if !(1..=10).contains(&quantity) {
            return Err(Error::invalid("quantity", Reason::Quantity));
        }
        let cost = i.points * quantity;
        let now = Utc::now();
        let by = user.account.shown_name();
        let id = Uuid::now_v7();
        let m = Move {
            person: p.id,
            community: &p.community_id,
            kind: Kind::Exchange,
            reason: &i.name,
            key: Some(format!("exchange:{id}")),
            by: &by,
        };
        let mut tx = self.db().begin().await?;
        let (spent, parts) = spend(&mut tx, &m, cost, now).await?;
        if let Spent::Short { have } = spent {
            tx.rollback().await?;
            return Err(short(have, cost));
        }
        let refund_expires_at = parts.iter().filter_map(|(at, _)| *at).min();
        if !store::move_stock(&mut tx, item, -quantity).await? {
            tx.rollback().await?;
            return Err(Error::invalid("quantity", Reason::OutOfStock));
        }
        let e = ExchangeRow {
            id,
            community_id: i.community_id.clone(),
            item_id: i.id,
            item_name: i.name.clone(),
            person_id: p.id,
            person_name: p.name.clone(),
            quantity,
            points: cost,
            status: if at_counter { "collected" } else { "to_collect" }.into(),
            code: pickup_code(),
            by_name: by.clone(),
            created_at: now,
            closed_at: at_counter.then_some(now),
            refund_expires_at,
        };
        store::add_exchange(&mut tx, &e).await?;
        record(
            &mut tx,
            &user.actor(ip),
            "points.exchange",
            &id.to_string(),
            json!({
                "person": p.id, "item": i.id, "quantity": quantity, "points": cost,
            }),
        )
        .await?;
        tx.commit().await?;
        Ok(e)
    }

    /// Exchanges waiting at the counters the user keeps.
    pub async fn exchanges_to_collect(&self, user: &User) -> Result<Vec<ExchangeRow>> {
        let runs_here: Vec<String> = self
            .community_codes_under(&super::super::centres(user))
            .await?
            .into_iter()
            .filter(|c| runs(user, c))
            .collect();
        Ok(store::to_collect(self.db(), &runs_here, 200).await?)
    }

    /// Staff hand over an exchange (the resident says the code), or it is
    /// called off (by staff or the resident): the points and the stock come back.
    pub async fn close_exchange(&self, user: &User, ip: &str, id: Uuid, collect: bool) -> Result<()> {
        let e = store::exchange(self.db(), id).await?.ok_or(Error::NotFound("exchange"))?;
        let staff = runs(user, &e.community_id);
        let own = self.own_people(user).await?.iter().any(|p| p.id == e.person_id);
        if !(staff || own && !collect) {
            return Err(Error::NotFound("exchange"));
        }
        let now = Utc::now();
        let mut tx = self.db().begin().await?;
        if !store::close_exchange(&mut tx, id, if collect { "collected" } else { "cancelled" }, now).await? {
            tx.rollback().await?;
            return Err(Error::invalid("exchange", Reason::ExchangeClosed));
        }
        if !collect {
            let by = user.account.shown_name();
            let m = Move {
                person: e.person_id,
                community: &e.community_id,
                kind: Kind::Refund,
                reason: &e.item_name,
                key: Some(format!("refund:{id}")),
                by: &by,
            };
            // Back as they were: a refund never makes points last longer.
            credit(&mut tx, &m, &[(e.refund_expires_at, e.points)], now).await?;
            store::move_stock(&mut tx, e.item_id, e.quantity).await?;
        }
        let action = if collect { "points.collect" } else { "points.cancel" };
        record(&mut tx, &user.actor(ip), action, &id.to_string(), json!({})).await?;
        tx.commit().await?;
        Ok(())
    }

    // Study items.
}
