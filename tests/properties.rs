//! Property tests over what strangers hand us — ID numbers, amounts of
//! money, sheets, photos and Open311 parameters: whatever the input, the
//! parsers answer (a value or a refusal) and never panic, and what they
//! accept reads back as it was written. These run in CI within a bounded
//! number of cases (`PROPTEST_CASES` raises it for a longer hunt).

mod common;

use chrono::NaiveDate;
use linli::domain::money::Fen;
use linli::domain::registry::id_number::{IdNumber, check_digit};
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
}

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(default)
}

/// A valid ID number for an area, a day since 1900 and a sequence number.
fn id_of(area: u32, days: u64, seq: u32) -> String {
    let birth = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Days::new(days);
    let first17 = format!("{area:06}{}{seq:03}", birth.format("%Y%m%d"));
    format!("{first17}{}", check_digit(first17.as_bytes()))
}

/// A small valid PNG to mutate.
fn png() -> Vec<u8> {
    use image::ImageEncoder;
    let img = image::RgbImage::from_fn(24, 16, |x, y| image::Rgb([x as u8 * 10, y as u8 * 15, 90]));
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(img.as_raw(), 24, 16, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// A small valid residents' workbook to mutate.
fn xlsx() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in ["楼栋", "单元", "房号", "姓名", "身份证号", "联系电话"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "1号楼").unwrap();
    ws.write_string(1, 2, "101").unwrap();
    ws.write_string(1, 3, "王丽娥").unwrap();
    ws.write_string(1, 4, id_of(141102, 30_000, 12)).unwrap();
    book.save_to_buffer().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_text_as_an_id_number_is_answered(text in "\\PC{0,24}") {
        let _ = IdNumber::parse(&text, today());
    }

    #[test]
    fn every_valid_id_number_is_taken_and_gives_back_its_birth_day(
        area in 110_000u32..660_000, days in 0u64..45_000, seq in 0u32..1000
    ) {
        let id = id_of(area, days, seq);
        let parsed = IdNumber::parse(&format!(" {id} "), today()).unwrap();
        prop_assert_eq!(parsed.as_str(), id.as_str());
        prop_assert_eq!(parsed.birth_date(), NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Days::new(days));
        // One wrong digit anywhere is caught by the check digit.
        let mut wrong = id.clone().into_bytes();
        let at = (seq as usize) % 17;
        wrong[at] = if wrong[at] == b'9' { b'0' } else { wrong[at] + 1 };
        prop_assert!(IdNumber::parse(std::str::from_utf8(&wrong).unwrap(), today()).is_err());
    }

    #[test]
    fn any_text_typed_into_search_is_answered(text in "[0-9a-zA-Z王丽娥 ¤½\u{13}\u{46bc1}-]{0,20}") {
        let _ = linli::domain::registry::search::parse(&text);
    }

    #[test]
    fn any_text_as_money_is_answered(text in "[0-9,.，¥￥ a-z-]{0,16}") {
        if let Ok(f) = Fen::parse_yuan(&text) {
            prop_assert!(f.fen() >= 0 && f <= linli::domain::money::MAX);
        }
    }

    #[test]
    fn amounts_read_back_as_written(fen in 0i64..=10_000_000_000) {
        let f = Fen::new(fen);
        prop_assert_eq!(Fen::parse_yuan(&f.yuan()), Ok(f));
        prop_assert_eq!(Fen::parse_yuan(&f.to_string()), Ok(f));
        // With thousands separators, as Excel shows them.
        let (whole, frac) = f.yuan().split_once('.').map(|(w, f)| (w.to_owned(), f.to_owned())).unwrap();
        let grouped: Vec<String> = whole.as_bytes().rchunks(3).rev().map(|c| String::from_utf8(c.to_vec()).unwrap()).collect();
        prop_assert_eq!(Fen::parse_yuan(&format!("{}.{frac}", grouped.join(","))), Ok(f));
    }

    #[test]
    fn any_bytes_as_a_sheet_are_answered(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = linli::domain::registry::sheet::read_table(&bytes);
    }

    #[test]
    fn any_text_as_a_csv_sheet_is_answered(text in "[\\PC,\"\\r\\n]{0,600}") {
        let _ = linli::domain::registry::sheet::read_residents_file(text.as_bytes(), today());
    }

    #[test]
    fn a_damaged_workbook_is_answered(flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..12)) {
        let mut bytes = xlsx();
        for (at, b) in flips {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        let _ = linli::domain::registry::sheet::read_residents_file(&bytes, today());
    }

    #[test]
    fn a_damaged_photo_is_answered(flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..12)) {
        let mut bytes = png();
        for (at, b) in flips {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        let _ = linli::domain::photo::clean(&bytes);
    }
}

/// Open311 parameters from a hostile client: every answer is a 2xx or 4xx
/// in JSON, never a 500 and never a dropped connection.
#[tokio::test]
async fn any_open311_parameters_are_answered() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, TestRunner};
    let app = common::TestApp::spawn().await;
    let region = linli::domain::registry::region::RegionCode::parse("141102001002").unwrap();
    let scopes = [linli::app::access::token::Scope::Open311];
    let key = app.app.create_token(&linli::app::access::audit::Actor::cli(), "fuzz", &scopes, &region).await.unwrap().1;
    let names = [
        "service_code",
        "description",
        "lat",
        "long",
        "address_string",
        "address_id",
        "email",
        "phone",
        "first_name",
        "last_name",
        "media_url",
        "device_id",
        "account_id",
        "jurisdiction_id",
        "status",
        "start_date",
        "end_date",
        "service_request_id",
        "x",
    ];
    let value = prop_oneof![
        "\\PC{0,40}",
        "-?[0-9]{1,4}(\\.[0-9]{1,12})?",
        Just("0205".to_owned()),
        Just("NaN".to_owned()),
        Just("1e309".to_owned()),
        Just("2026-13-45T99:99:99Z".to_owned()),
        "[0-9]{20,40}",
    ];
    let params = proptest::collection::vec((proptest::sample::select(names.to_vec()), value), 0..8);
    let mut runner = TestRunner::new(Config { cases: cases(128), ..Config::default() });
    for _ in 0..cases(128) {
        let ps = params.new_tree(&mut runner).unwrap().current();
        let mut form: Vec<(String, String)> = ps.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        form.push(("api_key".into(), key.clone()));
        let res = app.client.post(app.url("/open311/v2/requests.json")).form(&form).send().await.unwrap();
        let status = res.status().as_u16();
        assert!((200..500).contains(&status), "{status} for {form:?}");
        let body: serde_json::Value = res.json().await.unwrap_or_else(|e| panic!("{e} for {form:?}"));
        assert!(body.is_array(), "{body}");
        let query: String = serde_urlencoded::to_string(&form).unwrap();
        let res = app.client.get(app.url(&format!("/open311/v2/requests.json?{query}"))).send().await.unwrap();
        assert!((200..500).contains(&res.status().as_u16()), "GET {query}");
    }
    app.stop().await;
}
