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
            return Err(Error::invalid("name", Reason::ProduceEnterpriseName));
        }
        let village = n.village.trim();
        if village.is_empty() || !within(village, 60) {
            return Err(Error::invalid("village", Reason::ProduceVillage));
        }
        if !within(&n.about, 500) {
            return Err(Error::invalid("about", Reason::ProduceText));
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
                return Err(Error::invalid("name", Reason::ProduceEnterpriseName));
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
            return Err(Error::invalid("name", Reason::ProduceProductName));
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
            return Err(Error::invalid("name", Reason::ProduceProductName));
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

/// Most photos a product shows.
pub const MAX_PHOTOS: usize = 6;

impl App {
    /// Adds photos to a product (its keepers): checked and cleaned as every
    /// photo is, at most [`MAX_PHOTOS`] in all.
    pub async fn add_product_photos(&self, user: &User, ip: &str, id: Uuid, photos: Vec<Vec<u8>>) -> Result<usize> {
        let (p, e) = self.produce_product(id).await?;
        if !self.produce_keeper(user).await?.keeps(&e) {
            return Err(Error::NotFound("product"));
        }
        let had = PRODUCTS.of(self.db(), &p.community_id, &[p.id]).await?.len();
        if photos.is_empty() || had + photos.len() > MAX_PHOTOS {
            return Err(Error::invalid("photo", Reason::TooManyPhotos { max: MAX_PHOTOS }));
        }
        let cleaned = self.clean_photos(photos).await?;
        let (rows, files) = self.write_owned_photos(&p.community_id, p.id, &cleaned, Utc::now()).await?;
        let written = crate::app::photo::Written::new(files);
        let mut tx = self.db().begin().await?;
        // Counted again under the product's lock: parallel uploads do not pass the limit together.
        store::lock_product(&mut tx, &p.community_id, p.id).await?;
        let now_had = usize::try_from(store::photo_count(&mut tx, &p.community_id, p.id).await?).unwrap_or(usize::MAX);
        if now_had + rows.len() > MAX_PHOTOS {
            return Err(Error::invalid("photo", Reason::TooManyPhotos { max: MAX_PHOTOS }));
        }
        PRODUCTS.add(&mut tx, &rows).await?;
        record(&mut tx, &user.actor(ip), "produce.photos", &p.id.to_string(), json!({ "added": rows.len() })).await?;
        tx.commit().await?;
        written.keep();
        Ok(rows.len())
    }

    /// The photos of some products of a community, oldest first.
    pub async fn product_photos(&self, community: &str, products: &[Uuid]) -> Result<Vec<PhotoRow>> {
        Ok(PRODUCTS.of(self.db(), community, products).await?)
    }

    /// A product's photo, for anyone (products are public).
    pub async fn product_photo(&self, id: Uuid, photo: Uuid, thumb: bool) -> Result<(String, Vec<u8>)> {
        let (p, _) = self.produce_product(id).await?;
        let photos = PRODUCTS.of(self.db(), &p.community_id, &[p.id]).await?;
        let found = photos.iter().find(|x| x.id == photo).ok_or(Error::NotFound("photo"))?;
        self.read_photo_file(&found.community_id, found.id, &found.content_type, thumb).await
    }
}

fn check_product(n: &NewProduct) -> Result<()> {
    if !produce::name_ok(&n.name) {
        return Err(Error::invalid("name", Reason::ProduceProductName));
    }
    if !(1..=produce::MAX_PRICE).contains(&n.price) {
        return Err(Error::invalid("price", Reason::ProducePrice));
    }
    if n.unit.trim().is_empty() || !within(&n.unit, 10) {
        return Err(Error::invalid("unit", Reason::ProduceUnit));
    }
    let texts = [("story", &n.story, 2000), ("origin", &n.origin, 60), ("certificates", &n.certificates, 200)];
    for (field, text, max) in texts {
        if !within(text, max) {
            return Err(Error::invalid(field, Reason::ProduceText));
        }
    }
    if !within(&n.shelf_life, 40) {
        return Err(Error::invalid("shelf_life", Reason::ProduceText));
    }
    Ok(())
}

fn stalls(enterprises: impl Iterator<Item = EnterpriseRow>, products: Vec<ProductRow>, on_sale: bool) -> Vec<Stall> {
    let mut out: Vec<Stall> = enterprises
        .map(|e| {
            let products =
                products.iter().filter(|p| p.enterprise_id == e.id && (p.active || !on_sale)).cloned().collect();
            Stall { enterprise: e, products }
        })
        .collect();
    if on_sale {
        out.retain(|s| !s.products.is_empty());
    }
    out.sort_by(|a, b| a.enterprise.name.cmp(&b.enterprise.name));
    out
}

/// How far ahead a pickup window may be set, in days.
const WINDOW_AHEAD_DAYS: i64 = 60;
/// Most windows a buyer is offered.
const WINDOWS_SHOWN: u64 = 40;

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
            return Err(Error::invalid("starts_at", Reason::PickupTimes));
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
            Err(linli_store::Error::Conflict { .. }) => return Err(Error::invalid("starts_at", Reason::PickupTimes)),
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
            return Err(Error::invalid("name", Reason::BuyerName));
        }
        let phone = Phone::parse(&n.phone).map_err(|_| Error::invalid("phone", Reason::Mobile))?;
        let mut wanted: BTreeMap<Uuid, i64> = BTreeMap::new();
        for (product, q) in &n.lines {
            if *q == 0 {
                continue;
            }
            if !(1..=produce::MAX_QUANTITY).contains(q) {
                return Err(Error::invalid("quantity", Reason::ProduceQuantity));
            }
            let sum = wanted.entry(*product).or_default();
            *sum += q;
            if *sum > produce::MAX_QUANTITY {
                return Err(Error::invalid("quantity", Reason::ProduceQuantity));
            }
        }
        if wanted.is_empty() || wanted.len() > produce::MAX_LINES {
            return Err(Error::invalid("lines", Reason::ProduceNothing));
        }
        let window_id = n.window.ok_or(Error::invalid("window", Reason::PickupChoose))?;
        let window = store::window(self.db(), community, window_id)
            .await?
            .filter(|w| w.ends_at > Utc::now())
            .ok_or(Error::invalid("window", Reason::PickupChoose))?;
        let shelf = self.produce_shelf(community).await?;
        let mut lines = Vec::new();
        for (product, q) in &wanted {
            let Some((e, p)) =
                shelf.iter().find_map(|s| s.products.iter().find(|p| p.id == *product).map(|p| (&s.enterprise, p)))
            else {
                return Err(Error::invalid("lines", Reason::ProduceNothing));
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
            .ok_or(Error::invalid("quantity", Reason::ProduceQuantity))?;
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
            return Err(Error::invalid("window", Reason::PickupFull));
        }
        for l in &lines {
            if !store::move_stock(&mut tx, community, l.product_id, -l.quantity, true).await? {
                // Its connection goes back before another is taken: under a burst the pool is full.
                tx.rollback().await?;
                let left = store::product(self.db(), l.product_id).await?.filter(|p| p.active).map_or(0, |p| p.stock);
                return Err(Error::invalid("quantity", Reason::ProduceShort { name: l.product_name.clone(), left }));
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
            return Err(Error::invalid("order", Reason::ProduceOrderNotNow));
        }
        self.produce_step(&Actor::system("buyer", ip), v, Step::Cancel).await
    }

    /// An online order (the local provider's, or a real one's) to pay a
    /// produce order; its callback is applied once like a bill's.
    pub async fn pay_produce_online(&self, ip: &str, token: &str) -> Result<linli_store::bills::order::OrderRow> {
        let v = self.produce_order_by_token(token).await?;
        if v.state() != Some(OrderState::Placed) || v.order.expires_at <= Utc::now() {
            return Err(Error::invalid("order", Reason::ProduceOrderNotNow));
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
            return Err(Error::invalid("order", Reason::ProduceOrderNotNow));
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
        let mut to = produce::next(from, step).ok_or(Error::invalid("order", Reason::ProduceOrderNotNow))?;
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
            return Err(Error::invalid("order", Reason::ProduceOrderNotNow));
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
            return Err(Error::invalid("code", Reason::PickupCode));
        }
        if matches!(step, Step::PayOnline | Step::Expire) {
            return Err(Error::invalid("order", Reason::ProduceOrderNotNow));
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
        let from = NaiveDate::from_ymd_opt(year, 1, 1).ok_or(Error::invalid("year", Reason::ProduceNothing))?;
        let to = NaiveDate::from_ymd_opt(year + 1, 1, 1).ok_or(Error::invalid("year", Reason::ProduceNothing))?;
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
