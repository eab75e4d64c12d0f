//! A community's fee items (收费项目): what each charges, by area, by
//! metered use in tiers, or a fixed sum.

use linli_store::bills::fee::FeeItemRow;
use serde_json::json;

use crate::app::access::audit::record;
use crate::app::access::auth::User;
use crate::app::refusal::Reason;
use crate::app::{App, Error, Result};
use crate::domain::bills::arrears::{DEFAULT_GRACE_DAYS, MAX_GRACE_DAYS, grace_days};
use crate::domain::bills::bill::{Pricing, Tier};
use crate::domain::money::Fen;
use crate::domain::registry::region::CommunityCode;

/// A fee item as staff set it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeItem {
    /// Code: 1–16 capital letters and digits.
    pub code: String,
    /// Name (物业费, 水费 …).
    pub name: String,
    /// How it charges.
    pub pricing: Pricing,
    /// Unit of metered use (m³, kWh); empty otherwise.
    pub unit: String,
    /// Billed in runs.
    pub active: bool,
    /// Days after a bill is issued before it counts as owing (0–365).
    pub grace_days: u16,
}

impl FeeItem {
    /// `area`, `metered` or `fixed`.
    pub fn kind(&self) -> &'static str {
        match self.pricing {
            Pricing::PerArea { .. } => "area",
            Pricing::Metered { .. } => "metered",
            Pricing::Fixed { .. } => "fixed",
        }
    }

    /// The price as shown: ¥1.20/m²·月, ¥15.00/月, or the tiers.
    pub fn price_text(&self) -> String {
        match &self.pricing {
            Pricing::PerArea { fen_per_m2 } => format!("{}/m²·月", Fen::new(*fen_per_m2)),
            Pricing::Fixed { fen } => format!("{}/月", Fen::new(*fen)),
            Pricing::Metered { tiers } => tiers
                .iter()
                .map(|t| match t.up_to {
                    Some(u) => format!("≤{}{}：{}", u / 100, self.unit, Fen::new(t.fen_per_unit)),
                    None => format!("以上：{}", Fen::new(t.fen_per_unit)),
                })
                .collect::<Vec<_>>()
                .join("，"),
        }
    }
}

fn fee_row(community: &str, f: &FeeItem) -> FeeItemRow {
    let (price, tiers) = match &f.pricing {
        Pricing::PerArea { fen_per_m2 } => (*fen_per_m2, "[]".to_owned()),
        Pricing::Fixed { fen } => (*fen, "[]".to_owned()),
        Pricing::Metered { tiers } => (
            0,
            serde_json::to_string(&tiers.iter().map(|t| (t.up_to, t.fen_per_unit)).collect::<Vec<_>>())
                .expect("numbers"),
        ),
    };
    FeeItemRow {
        community_id: community.to_owned(),
        code: f.code.clone(),
        name: f.name.clone(),
        kind: f.kind().into(),
        price,
        tiers,
        unit: f.unit.clone(),
        active: f.active,
        grace_days: i64::from(f.grace_days),
    }
}

fn fee_of(r: FeeItemRow) -> FeeItem {
    let pricing = match r.kind.as_str() {
        "area" => Pricing::PerArea { fen_per_m2: r.price },
        "metered" => Pricing::Metered {
            tiers: serde_json::from_str::<Vec<(Option<i64>, i64)>>(&r.tiers)
                .unwrap_or_default()
                .into_iter()
                .map(|(up_to, fen_per_unit)| Tier { up_to, fen_per_unit })
                .collect(),
        },
        _ => Pricing::Fixed { fen: r.price },
    };
    let grace_days = grace_days(r.grace_days).unwrap_or(DEFAULT_GRACE_DAYS);
    FeeItem { code: r.code, name: r.name, pricing, unit: r.unit, active: r.active, grace_days }
}

impl App {
    /// A community's fee items.
    pub async fn fee_items(&self, community: &CommunityCode) -> Result<Vec<FeeItem>> {
        let community = community.as_str();
        // Every payment names its fee item: kept for a short while.
        if let Some((at, fees)) = self.cache().fees.get(community)
            && at.elapsed() < crate::app::CACHE_FOR
        {
            return Ok(fees.as_ref().clone());
        }
        let fees: Vec<FeeItem> =
            linli_store::bills::fee::fee_items(self.db(), community).await?.into_iter().map(fee_of).collect();
        self.cache().fees.insert(community.to_owned(), (std::time::Instant::now(), std::sync::Arc::new(fees.clone())));
        Ok(fees)
    }

    /// Adds or changes a fee item of a community the user works in.
    pub async fn save_fee_item(&self, user: &User, ip: &str, community: &CommunityCode, f: FeeItem) -> Result<FeeItem> {
        let community = community.as_str();
        Self::may_bill(user, community)?;
        self.put_fee_item(&user.actor(ip), community, f).await
    }

    /// Adds or changes a fee item as an operator (the CLI).
    pub async fn put_fee_item(
        &self,
        actor: &crate::app::access::audit::Actor,
        community: &str,
        f: FeeItem,
    ) -> Result<FeeItem> {
        let code = f.code.trim().to_ascii_uppercase();
        if code.is_empty() || code.len() > 16 || !code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
            return Err(Error::invalid("code", Reason::FeeCode));
        }
        let name = f.name.trim().to_owned();
        if name.is_empty() || name.chars().count() > 32 {
            return Err(Error::invalid("name", Reason::FeeName));
        }
        let pricing = f.pricing.checked().map_err(|e| Error::invalid("price", Reason::Price(e)))?;
        let unit = f.unit.trim().chars().take(8).collect();
        if f.grace_days > MAX_GRACE_DAYS {
            return Err(Error::invalid("grace_days", Reason::GraceDays));
        }
        let item = FeeItem { code, name, pricing, unit, active: f.active, grace_days: f.grace_days };
        let mut tx = self.db().begin().await?;
        linli_store::bills::fee::put_fee_item(&mut tx, &fee_row(community, &item)).await?;
        let detail = json!({ "name": item.name, "kind": item.kind(), "price": item.price_text(), "active": item.active,
                "grace_days": item.grace_days });
        record(&mut tx, actor, "fee_item.save", &format!("{community}/{}", item.code), detail).await?;
        tx.commit().await?;
        self.cache().fees.remove(community);
        Ok(item)
    }

    /// The grace period a fee item saved without one keeps: its own if it
    /// exists, else the default.
    pub async fn grace_kept(&self, community: &CommunityCode, code: &str) -> Result<u16> {
        let code = code.trim().to_ascii_uppercase();
        let fees = self.fee_items(community).await?;
        Ok(fees.iter().find(|f| f.code == code).map_or(DEFAULT_GRACE_DAYS, |f| f.grace_days))
    }

    /// A community's metered fee item (水电气) by code.
    pub(crate) async fn metered_fee(&self, community: &str, code: &str) -> Result<FeeItem> {
        self.fee_items(&Error::community(community)?)
            .await?
            .into_iter()
            .find(|f| f.code == code.trim().to_ascii_uppercase() && matches!(f.pricing, Pricing::Metered { .. }))
            .ok_or_else(|| Error::invalid("fee", Reason::NoSuchMeteredFee))
    }
}
