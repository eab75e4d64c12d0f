//! The produce counter (助农展销专柜 / 消费帮扶): enterprises and the
//! villages they help, their products with a story and a QR code, pickup
//! windows with places, and orders collected at the counter.
//!
//! Anyone may read the shelf and order for pickup by phone number, without
//! signing in (at most [`ANONYMOUS_ORDERS`] an hour from one address).
//! Ordering reserves the stock and a window's place in one transaction,
//! each by a conditional update, so parallel buyers never take more than
//! there is; an unpaid order gives them back after [`produce::HOLD_MINUTES`].
//! The centre's staff keep the counter; a merchant (an enterprise's own
//! account, role `merchant`) keeps its own products and sees its own orders
//! and sales, nothing else.

mod orders;
mod photos;
pub use photos::*;

use crate::app::refusal::CentreRefusal;
use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use linli_store::centre::produce::{self as store, Change, EnterpriseRow, LineRow, OrderRow, ProductRow, WindowRow};
use linli_store::services::photo::{PRODUCTS, PhotoRow};
use serde_json::json;
use uuid::Uuid;

use crate::app::access::account::{NewAccount, hash_password, initial_password};
use crate::app::access::audit::{Actor, record};
use crate::app::access::auth::User;
use crate::app::life::runs;
use crate::app::refusal::Reason;
use crate::app::{App, Error, Result};
use crate::domain::access::role::Role;
use crate::domain::centre::produce::{self as produce, OrderState, Step};
use crate::domain::registry::phone::Phone;

/// Orders one address may place in an hour without signing in.
pub const ANONYMOUS_ORDERS: crate::app::access::limit::Limit =
    crate::app::access::limit::Limit { kind: "produce_order", max: 10, window_minutes: 60 };

/// Orders one account may place in an hour: enough for a family's week,
/// too few to hold the shelf by ordering again and again.
pub const ACCOUNT_ORDERS: crate::app::access::limit::Limit =
    crate::app::access::limit::Limit { kind: "produce_order_account", max: 20, window_minutes: 60 };

/// An enterprise as typed.
#[derive(Debug, Clone, Default)]
pub struct NewEnterprise {
    /// Its community.
    pub community: String,
    /// Name.
    pub name: String,
    /// The village it helps.
    pub village: String,
    /// About it.
    pub about: String,
}

/// A product as typed.
#[derive(Debug, Clone, Default)]
pub struct NewProduct {
    /// Name.
    pub name: String,
    /// Fen per unit.
    pub price: i64,
    /// Unit.
    pub unit: String,
    /// Units on the shelf (a new product).
    pub stock: i64,
    /// Its story.
    pub story: String,
    /// Origin.
    pub origin: String,
    /// Certificates.
    pub certificates: String,
    /// Shelf life.
    pub shelf_life: String,
    /// On sale (an edit).
    pub active: bool,
}

/// An order as the buyer sends it.
#[derive(Debug, Clone, Default)]
pub struct NewOrder {
    /// The window to collect in.
    pub window: Option<Uuid>,
    /// Who collects.
    pub name: String,
    /// Their phone, as typed.
    pub phone: String,
    /// Products and units.
    pub lines: Vec<(Uuid, i64)>,
}

/// An enterprise with its products.
#[derive(Debug, Clone)]
pub struct Stall {
    /// The enterprise.
    pub enterprise: EnterpriseRow,
    /// Its products, by name.
    pub products: Vec<ProductRow>,
}

/// An order with its lines and window.
#[derive(Debug, Clone)]
pub struct OrderView {
    /// The order.
    pub order: OrderRow,
    /// Its lines.
    pub lines: Vec<LineRow>,
    /// When it is collected.
    pub window: Option<WindowRow>,
}

impl OrderView {
    /// Its state.
    pub fn state(&self) -> Option<OrderState> {
        OrderState::parse(&self.order.state)
    }
}

/// A row of the sales report: one product in one month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SalesRow {
    /// YYYY-MM.
    pub month: String,
    /// The enterprise.
    pub enterprise: String,
    /// The village it helps.
    pub village: String,
    /// The product.
    pub product: String,
    /// Its unit.
    pub unit: String,
    /// Units sold.
    pub quantity: i64,
    /// Fen.
    pub amount: i64,
}

/// What one may do at the counter: the communities whose centre one runs,
/// and the enterprises one acts for as a merchant.
#[derive(Debug, Clone, Default)]
pub struct Keeper {
    /// Communities run (their centre's staff).
    pub communities: Vec<String>,
    /// Enterprises kept (a merchant's own).
    pub enterprises: Vec<Uuid>,
}

impl Keeper {
    /// Whether one keeps nothing here.
    pub fn is_empty(&self) -> bool {
        self.communities.is_empty() && self.enterprises.is_empty()
    }

    /// Whether one may change this enterprise's products.
    pub fn keeps(&self, e: &EnterpriseRow) -> bool {
        self.communities.contains(&e.community_id) || self.enterprises.contains(&e.id)
    }
}

/// The buyer hears that an order is paid, with its pickup code: in their
/// inbox when they ordered signed in, else by SMS to the phone they left.
fn paid_notice(
    o: &OrderRow,
    window: Option<&WindowRow>,
    now: DateTime<Utc>,
) -> linli_store::notify::outbox::Notification {
    let (channel, recipient) = match o.account_id {
        Some(a) => ("inbox", format!("account:{a}")),
        None => ("sms", format!("produce:{}", o.id)),
    };
    let when = window.map(|w| crate::domain::time::zone().month_day_minute(w.starts_at)).unwrap_or_default();
    linli_store::notify::outbox::Notification {
        community_id: o.community_id.clone(),
        id: Uuid::now_v7(),
        channel: channel.into(),
        recipient,
        subject: "助农订单已付款".into(),
        body: format!(
            "您在社区助农展销专柜的订单已付款（{} 元），取货码 {}。请于 {when} 起到社区服务中心柜台报取货码取货。",
            crate::domain::money::Fen::new(o.total).yuan(),
            o.code
        ),
        event_id: None,
        created_at: now,
        sent_at: (channel == "inbox").then_some(now),
    }
}

/// A one-line text without what cannot be seen or turns text around.
fn clean(text: &str) -> String {
    crate::domain::life::wish::clean(text, false)
}

/// A text of several lines, cleaned the same way.
fn clean_lines(text: &str) -> String {
    crate::domain::life::wish::clean(text, true)
}

fn cleaned(n: NewProduct) -> NewProduct {
    NewProduct {
        name: clean(&n.name),
        unit: clean(&n.unit),
        story: clean_lines(&n.story),
        origin: clean(&n.origin),
        certificates: clean(&n.certificates),
        shelf_life: clean(&n.shelf_life),
        ..n
    }
}

fn within(text: &str, max: usize) -> bool {
    text.trim().chars().count() <= max
}

impl App {
    /// What the user keeps at the produce counter.
    pub async fn produce_keeper(&self, user: &User) -> Result<Keeper> {
        let centres = crate::app::life::centres(user);
        let communities =
            self.community_codes_under(&centres).await?.into_iter().filter(|c| runs(user, c)).collect::<Vec<_>>();
        let enterprises = if user.account.grants.iter().any(|(r, _)| *r == Role::Merchant) {
            store::enterprises_of(self.db(), user.account.row.id).await?
        } else {
            Vec::new()
        };
        Ok(Keeper { communities, enterprises })
    }

    /// A community's shelf as anyone sees it: enterprises selling and their
    /// products on sale.
    pub async fn produce_shelf(&self, community: &str) -> Result<Vec<Stall>> {
        let communities = [community.to_owned()];
        let enterprises = store::enterprises(self.db(), &communities).await?;
        let products = store::products(self.db(), &communities, None).await?;
        Ok(stalls(enterprises.into_iter().filter(|e| e.active && e.community_id == community), products, true))
    }

    /// The stalls the user keeps (all products, on sale or not).
    pub async fn produce_kept(&self, user: &User) -> Result<(Keeper, Vec<Stall>)> {
        let k = self.produce_keeper(user).await?;
        let mut enterprises = store::enterprises(self.db(), &k.communities).await?;
        for id in &k.enterprises {
            if let Some(e) = store::enterprise(self.db(), *id).await?
                && !enterprises.iter().any(|x| x.id == e.id)
            {
                enterprises.push(e);
            }
        }
        let codes: Vec<String> = enterprises.iter().map(|e| e.community_id.clone()).collect();
        let ids: Vec<Uuid> = enterprises.iter().map(|e| e.id).collect();
        let products = store::products(self.db(), &codes, Some(&ids)).await?;
        Ok((k, stalls(enterprises.into_iter(), products, false)))
    }

    /// A product and its enterprise, as its QR code shows them to anyone
    /// (on sale or not: a label on the shelf may outlive the product).
    pub async fn produce_product(&self, id: Uuid) -> Result<(ProductRow, EnterpriseRow)> {
        let p = store::product(self.db(), id).await?.ok_or(Error::NotFound("product"))?;
        let e = store::enterprise(self.db(), p.enterprise_id).await?.ok_or(Error::NotFound("product"))?;
        Ok((p, e))
    }

    /// Adds an enterprise to a community's counter (its centre's staff).
    pub async fn add_enterprise(&self, user: &User, ip: &str, n: NewEnterprise) -> Result<EnterpriseRow> {
        if !runs(user, &n.community) {
            return Err(Error::Forbidden);
        }
        self.add_enterprise_by(&user.actor(ip), n).await
    }

    /// Adds an enterprise on an operator's say (the demo).
    pub async fn add_enterprise_by(&self, actor: &Actor, n: NewEnterprise) -> Result<EnterpriseRow> {
        let n = NewEnterprise { name: clean(&n.name), village: clean(&n.village), about: clean_lines(&n.about), ..n };
        let name = n.name.trim();
        if name.is_empty() || !within(name, 60) {
            return Err(Error::invalid("name", Reason::Centre(CentreRefusal::ProduceEnterpriseName)));
        }
        let village = n.village.trim();
        if village.is_empty() || !within(village, 60) {
            return Err(Error::invalid("village", Reason::Centre(CentreRefusal::ProduceVillage)));
        }
        if !within(&n.about, 500) {
            return Err(Error::invalid("about", Reason::Centre(CentreRefusal::ProduceText)));
        }
        let row = EnterpriseRow {
            community_id: n.community.clone(),
            id: Uuid::now_v7(),
            name: name.to_owned(),
            village: village.to_owned(),
            about: n.about.trim().to_owned(),
            active: true,
            created_at: Utc::now(),
        };
        let mut tx = self.db().begin().await?;
        match store::add_enterprise(&mut tx, &row).await {
            Err(linli_store::Error::Conflict { .. }) => {
                return Err(Error::invalid("name", Reason::Centre(CentreRefusal::ProduceEnterpriseName)));
            }
            r => r?,
        }
        record(
            &mut tx,
            actor,
            "produce.enterprise",
            &row.id.to_string(),
            json!({ "name": row.name, "village": row.village }),
        )
        .await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Gives an enterprise a merchant account (new, or an existing one that
    /// holds nothing beyond this community): role `merchant` on the
    /// community. The new account's initial password is returned once.
    pub async fn add_merchant(
        &self,
        user: &User,
        ip: &str,
        enterprise: Uuid,
        login: &str,
        display_name: &str,
    ) -> Result<Option<String>> {
        let e = store::enterprise(self.db(), enterprise).await?.ok_or(Error::NotFound("enterprise"))?;
        if !runs(user, &e.community_id) {
            return Err(Error::Forbidden);
        }
        if let Ok(a) = self.account_by_login(login.trim()).await {
            let grants = linli_store::access::account::grants(self.db(), a.id).await?;
            if grants.iter().any(|g| g.role != Role::Merchant.as_str() || !g.region_code.starts_with(&e.community_id)) {
                return Err(Error::invalid("login", Reason::MemberElsewhere));
            }
        }
        self.add_merchant_by(&user.actor(ip), enterprise, login, display_name).await
    }

    /// Gives an enterprise a merchant account on an operator's say.
    pub async fn add_merchant_by(
        &self,
        actor: &Actor,
        enterprise: Uuid,
        login: &str,
        display_name: &str,
    ) -> Result<Option<String>> {
        let e = store::enterprise(self.db(), enterprise).await?.ok_or(Error::NotFound("enterprise"))?;
        let login = login.trim();
        if login.is_empty() {
            return Err(Error::invalid("login", Reason::UsernameOrPhone));
        }
        let mut tx = self.db().begin().await?;
        let (account, password) = match self.account_by_login(login).await {
            Ok(a) => (a, None),
            Err(Error::NotFound(_)) => {
                let phone = Phone::parse(login).ok();
                let new = NewAccount {
                    username: if phone.is_some() { None } else { Some(login.to_owned()) },
                    display_name: if display_name.trim().is_empty() {
                        e.name.clone()
                    } else {
                        display_name.trim().to_owned()
                    },
                    phone,
                };
                let password = initial_password();
                let a = self.insert_account(&mut tx, actor, new, hash_password(&password), true).await?;
                (a, Some(password))
            }
            Err(e) => return Err(e),
        };
        linli_store::access::account::grant(&mut tx, account.id, Role::Merchant.as_str(), &e.community_id).await?;
        store::add_member(&mut tx, &e.community_id, e.id, account.id).await?;
        let who = account.username.clone().unwrap_or_default();
        record(&mut tx, actor, "produce.merchant", &who, json!({ "enterprise": e.name })).await?;
        tx.commit().await?;
        self.grants_changed();
        Ok(password)
    }

    /// Adds a product to an enterprise (its centre's staff or its merchant).
    pub async fn add_produce_product(
        &self,
        user: &User,
        ip: &str,
        enterprise: Uuid,
        n: NewProduct,
    ) -> Result<ProductRow> {
        let e = store::enterprise(self.db(), enterprise).await?.ok_or(Error::NotFound("enterprise"))?;
        if !self.produce_keeper(user).await?.keeps(&e) {
            return Err(Error::NotFound("enterprise"));
        }
        self.add_produce_product_by(&user.actor(ip), &e, n).await
    }

    /// Adds a product on an operator's say (the demo).
    pub async fn add_produce_product_by(&self, actor: &Actor, e: &EnterpriseRow, n: NewProduct) -> Result<ProductRow> {
        let n = cleaned(n);
        check_product(&n)?;
        if !(0..=produce::MAX_STOCK).contains(&n.stock) {
            return Err(Error::invalid("stock", Reason::Stock));
        }
        let existing = store::products(self.db(), std::slice::from_ref(&e.community_id), Some(&[e.id])).await?;
        if existing.iter().any(|p| p.name == n.name.trim()) {
            return Err(Error::invalid("name", Reason::Centre(CentreRefusal::ProduceProductName)));
        }
        let row = ProductRow {
            community_id: e.community_id.clone(),
            id: Uuid::now_v7(),
            enterprise_id: e.id,
            name: n.name.trim().to_owned(),
            price: n.price,
            unit: n.unit.trim().to_owned(),
            stock: n.stock,
            story: n.story.trim().to_owned(),
            origin: n.origin.trim().to_owned(),
            certificates: n.certificates.trim().to_owned(),
            shelf_life: n.shelf_life.trim().to_owned(),
            active: true,
            created_at: Utc::now(),
        };
        let mut tx = self.db().begin().await?;
        store::add_product(&mut tx, &row).await?;
        let detail = json!({ "enterprise": e.name, "name": row.name, "price": row.price, "stock": row.stock });
        record(&mut tx, actor, "produce.product", &row.id.to_string(), detail).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Changes what a product is (not its stock: see [`App::restock_produce`]).
    pub async fn edit_produce_product(&self, user: &User, ip: &str, id: Uuid, n: NewProduct) -> Result<ProductRow> {
        let (p, e) = self.produce_product(id).await?;
        if !self.produce_keeper(user).await?.keeps(&e) {
            return Err(Error::NotFound("product"));
        }
        let n = cleaned(n);
        check_product(&n)?;
        let siblings = store::products(self.db(), std::slice::from_ref(&e.community_id), Some(&[e.id])).await?;
        if siblings.iter().any(|s| s.id != p.id && s.name == n.name.trim()) {
            return Err(Error::invalid("name", Reason::Centre(CentreRefusal::ProduceProductName)));
        }
        let row = ProductRow {
            name: n.name.trim().to_owned(),
            price: n.price,
            unit: n.unit.trim().to_owned(),
            story: n.story.trim().to_owned(),
            origin: n.origin.trim().to_owned(),
            certificates: n.certificates.trim().to_owned(),
            shelf_life: n.shelf_life.trim().to_owned(),
            active: n.active,
            ..p.clone()
        };
        let mut tx = self.db().begin().await?;
        store::update_product(&mut tx, &row).await?;
        let detail = json!({ "name": row.name, "price": [p.price, row.price], "active": row.active });
        record(&mut tx, &user.actor(ip), "produce.product_edit", &row.id.to_string(), detail).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Adds stock to a product (or takes some off, never below zero).
    pub async fn restock_produce(&self, user: &User, ip: &str, id: Uuid, delta: i64) -> Result<i64> {
        let (p, e) = self.produce_product(id).await?;
        if !self.produce_keeper(user).await?.keeps(&e) {
            return Err(Error::NotFound("product"));
        }
        if delta == 0 || delta.unsigned_abs() > produce::MAX_STOCK as u64 {
            return Err(Error::invalid("delta", Reason::Stock));
        }
        let mut tx = self.db().begin().await?;
        let moved = store::move_stock(&mut tx, &p.community_id, p.id, delta, false).await?;
        if !moved {
            return Err(Error::invalid("delta", Reason::Stock));
        }
        record(&mut tx, &user.actor(ip), "produce.stock", &p.id.to_string(), json!({ "name": p.name, "delta": delta }))
            .await?;
        tx.commit().await?;
        let now = store::product(self.db(), id).await?.map_or(0, |p| p.stock);
        Ok(now)
    }
}
