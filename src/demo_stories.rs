//! The source document's stories, as they stand when the demo opens:
//! 王丽娥 paid her property fee at 生态园's kiosk (智慧货架) with 雒新娟 beside
//! her, without her ID card; 冯金保's household moved from 丽景街 to
//! 莲花池街道六一街社区, and the community transferred his party membership
//! for him (代办) through every step. Told through the app, as staff would.

use crate::app::access::audit::Actor;
use crate::app::access::auth::User;
use crate::app::registry::person::{Leaving, PersonCard};
use crate::app::services::service::NewApplication;
use crate::app::{App, Error, Result};
use crate::domain::services::service::Action;

const IP: &str = "demo";

/// A demo sign-in as the app knows a signed-in user.
async fn user(app: &App, login: &str) -> Result<User> {
    let account = app.account_view(app.account_by_login(login).await?).await?;
    Ok(User { account, session: String::new(), ip: IP.into() })
}

/// The person of that name and phone, as staff find them by phone.
async fn person(app: &App, user: &User, (name, phone): (&str, &str)) -> Result<PersonCard> {
    app.search_people(user, IP, phone).await?.into_iter().find(|p| p.view.name == name).ok_or(Error::NotFound("person"))
}

/// Tells both stories.
pub async fn tell(app: &App) -> Result<()> {
    wang_pays_at_the_kiosk(app).await?;
    feng_moves_away(app).await
}

/// 王丽娥's property fee of this month, paid at 生态园's kiosk: an order of
/// the kiosk's, paid by scanning its code, confirmed by the provider's
/// signed callback.
async fn wang_pays_at_the_kiosk(app: &App) -> Result<()> {
    let head = user(app, "luo.xinjuan").await?;
    let wang = person(app, &head, ("王丽娥", "13835860303")).await?;
    let (_, _, bills) = app.household_bills(&head, wang.place.id).await?;
    let period = crate::domain::time::period(chrono::Utc::now());
    let fee =
        bills.into_iter().find(|b| b.row.fee_code == "WY" && b.row.period == period).ok_or(Error::NotFound("bill"))?;
    let kiosk = Actor::system("生态园社区服务中心自助终端", "cli");
    let order = app.place_order(&kiosk, "雒新娟协助", &wang.place.community_id, fee.row.id, ("kiosk", None)).await?;
    let (body, signature) = app.sim_pay(&order.order_no).await?;
    app.payment_callback("sim", &body, &signature).await?;
    Ok(())
}

/// 冯金保's 党组织关系转接, applied for and carried by 武小丽 (approved by
/// 莲花池街道), then his household's move-out.
async fn feng_moves_away(app: &App) -> Result<()> {
    let secretary = user(app, "wu.xiaoli").await?;
    let street = user(app, "lianhuachi").await?;
    let feng = person(app, &secretary, ("冯金保", "13835860505")).await?;
    let mut fields = serde_json::Map::new();
    fields.insert("转出党组织".into(), "中共丽景街社区支部委员会".into());
    fields.insert("转入党组织".into(), "中共六一街社区支部委员会（莲花池街道）".into());
    let application = NewApplication {
        item: "DY01".into(),
        community: None,
        name: feng.view.name.clone(),
        phone: String::new(),
        consent: Some("本人当面同意".into()),
        fields,
        person: Some(feng.view.id),
        photos: Vec::new(),
    };
    let (id, _) = app.apply_for_service(&secretary, IP, application).await?;
    for (who, action) in [
        (&secretary, Action::Accept),
        (&secretary, Action::Pass),
        (&street, Action::Approve),
        (&secretary, Action::Deliver),
    ] {
        app.act_on_application(who, IP, id, (action, None), Vec::new()).await?;
    }
    let household = app.household(&secretary, feng.place.id).await?;
    for member in household.people {
        app.person_leaves(&secretary, IP, member.id, Leaving::MovedOut, "全家搬家，迁往莲花池街道六一街社区").await?;
    }
    Ok(())
}
