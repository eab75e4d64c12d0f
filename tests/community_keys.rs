//! Keys that carry the community (migration 23): online orders, kiosk
//! sessions and receipt numbers are keyed by their community, so that a
//! database distributed by community can hold them. An older database keeps
//! its rows on the way, and what knows only a number or an id — a payment
//! provider's callback, a kiosk's pages — still finds it.

mod common;

use chrono::{Duration, Utc};
use common::{Engine, TestApp, raw_db};
use linli_store::bills::kiosk;
use linli_store::bills::order::{self, OrderRow};
use sea_query::Query;
use uuid::Uuid;

/// 交通路社区, and a neighbouring community.
const JTL: &str = "141102001002";
const OTHER: &str = "141102001001";
/// A receipt from a year the demo never bills.
const RECEIPT: &str = "141102001002-2019-000001";

fn pay_order(community: &str, number: &str, bill: Uuid, state: &str) -> sea_query::InsertStatement {
    let now = Utc::now();
    let paid = (state == "paid").then_some(now);
    Query::insert()
        .into_table("pay_order")
        .columns([
            "community_id",
            "order_no",
            "bill_id",
            "amount",
            "provider",
            "state",
            "provider_txn",
            "created_by",
            "created_at",
            "paid_at",
            "channel",
        ])
        .values_panic([
            community.into(),
            number.into(),
            bill.into(),
            5000i64.into(),
            "sim".into(),
            state.into(),
            paid.map(|_| "SIM1".to_owned()).into(),
            "kiosk:服务中心".into(),
            now.into(),
            paid.into(),
            "kiosk".into(),
        ])
        .to_owned()
}

fn payment(id: Uuid, bill: Uuid, key: &str) -> sea_query::InsertStatement {
    Query::insert()
        .into_table("payment")
        .columns([
            "community_id",
            "id",
            "bill_id",
            "house_id",
            "amount",
            "channel",
            "idempotency_key",
            "receipt_no",
            "taken_by",
            "created_at",
        ])
        .values_panic([
            JTL.into(),
            id.into(),
            bill.into(),
            Uuid::now_v7().into(),
            5000i64.into(),
            "kiosk".into(),
            key.into(),
            RECEIPT.into(),
            "pay:sim".into(),
            Utc::now().into(),
        ])
        .to_owned()
}

#[tokio::test]
async fn an_older_database_keeps_its_orders_kiosk_sessions_and_receipts_when_their_keys_take_the_community() {
    let engine = Engine::fresh().await;
    let settings = engine.settings(|_| {});
    let db = linli_store::Db::connect(&settings.target().unwrap(), &settings.pool()).await.unwrap();
    linli_store::migrations::migrate_to(&db, 22, |_| {}).await.unwrap();
    // 王丽娥 paid her property fee at the kiosk; a neighbour's order waits.
    let (bill, session, paid) = (Uuid::now_v7(), Uuid::new_v4(), Uuid::now_v7());
    let now = Utc::now();
    let kiosk_session = Query::insert()
        .into_table("kiosk_session")
        .columns([
            "community_id",
            "id",
            "household_id",
            "method",
            "phone_sealed",
            "code_hash",
            "attempts",
            "device",
            "created_at",
            "expires_at",
            "verified_at",
        ])
        .values_panic([
            JTL.into(),
            session.into(),
            Uuid::now_v7().into(),
            "phone".into(),
            Option::<String>::None.into(),
            Some("hash".to_owned()).into(),
            2i64.into(),
            "服务中心".into(),
            now.into(),
            (now + Duration::minutes(10)).into(),
            Option::<chrono::DateTime<Utc>>::None.into(),
        ])
        .to_owned();
    db.execute(&pay_order(JTL, "PWANGLIE0001", bill, "paid")).await.unwrap();
    db.execute(&pay_order(OTHER, "PNEIGHBOUR01", Uuid::now_v7(), "created")).await.unwrap();
    db.execute(&kiosk_session).await.unwrap();
    db.execute(&payment(paid, bill, "order:PWANGLIE0001")).await.unwrap();
    db.close().await;

    // The upgrade.
    let app = TestApp::spawn_on(engine, |_| {}).await;
    let db = raw_db(&app).await;
    let schema = linli_store::schema::read(&db).await.unwrap();
    let key = |table: &str| {
        let mut cols: Vec<_> = schema.columns.iter().filter(|c| c.table == table && c.pk > 0).collect();
        cols.sort_by_key(|c| c.pk);
        cols.into_iter().map(|c| c.column.clone()).collect::<Vec<_>>()
    };
    assert_eq!(key("pay_order"), ["community_id", "order_no"]);
    assert_eq!(key("kiosk_session"), ["community_id", "id"]);
    let unique = |index: &str| schema.indexes.iter().find(|i| i.index == index).map(|i| i.unique);
    assert_eq!(unique("ux_payment_receipt"), Some(true));
    assert_eq!(unique("ix_pay_order_bill"), Some(false));
    assert_eq!(unique("ix_pay_order_no"), Some(false), "a plain index serves a lookup by number alone");
    assert_eq!(unique("ix_kiosk_session_id"), Some(false), "and one by session id alone");

    // Every row came through, whole.
    let hers = order::order(&db, "PWANGLIE0001").await.unwrap().expect("her order, by number alone");
    assert_eq!(
        (hers.community_id.as_str(), hers.bill_id, hers.amount, hers.state.as_str(), hers.channel.as_str()),
        (JTL, Some(bill), 5000, "paid", "kiosk")
    );
    assert_eq!(hers.provider_txn.as_deref(), Some("SIM1"));
    assert_eq!(order::order_in(&db, JTL, "PWANGLIE0001").await.unwrap(), Some(hers.clone()));
    assert_eq!(order::order_in(&db, OTHER, "PWANGLIE0001").await.unwrap(), None, "not another community's");
    assert_eq!(order::order(&db, "PNEIGHBOUR01").await.unwrap().unwrap().community_id, OTHER);
    let s = kiosk::kiosk_session(&db, session).await.unwrap().expect("the session, by id alone");
    assert_eq!((s.community_id.as_str(), s.attempts, s.device.as_str()), (JTL, 2, "服务中心"));
    assert_eq!(kiosk::kiosk_session_in(&db, JTL, session).await.unwrap(), Some(s));
    assert_eq!(kiosk::kiosk_session_in(&db, OTHER, session).await.unwrap(), None);
    assert!(kiosk::kiosk_try(&db, JTL, session, 5).await.unwrap(), "a try counted under its community");
    let receipt = app.app.payment_by_receipt(RECEIPT).await.expect("her receipt, found by its number");
    assert_eq!((receipt.id, receipt.bill_id), (paid, bill));

    // An order number stays unique everywhere: a neighbour cannot reuse hers.
    let mut tx = db.begin().await.unwrap();
    let again = OrderRow { community_id: OTHER.into(), ..hers };
    let refused = order::add_order(&mut tx, &again).await;
    assert!(matches!(refused, Err(linli_store::Error::Conflict { .. })), "{refused:?}");
    tx.rollback().await.unwrap();
    // A receipt number is used once in its community.
    let twice = db.execute(&payment(Uuid::now_v7(), bill, "counter:again")).await;
    assert!(matches!(twice, Err(linli_store::Error::Conflict { .. })), "{twice:?}");
    db.close().await;
    app.stop().await;
}
