//! The service centre's counters on the web: the produce counter (助农展销)
//! and the elderly day care centre (日间照料).

pub mod daycare;
pub mod produce;
pub mod reading;

use axum::Router;
use axum::routing::{get, post};

use crate::web::AppState;

/// The most a form or JSON body of the counters may carry: a stranger's
/// megabytes are refused before they are read.
const BODY: usize = 64 * 1024;

/// An EPUB file and the form around it.
const EPUB_BODY: usize = crate::domain::centre::epub::MAX_BYTES + BODY;

/// Photos of a product, checked as they are read.
const PHOTOS_BODY: usize = crate::domain::photo::MAX_PER_STEP * crate::domain::photo::MAX_BYTES + BODY;

/// The counters' pages.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/produce", get(produce::manage_page))
        .route("/regions/{code}/produce", get(produce::shelf_page))
        .route("/regions/{code}/produce/order", post(produce::order_submit))
        .route("/produce/p/{id}", get(produce::product_page))
        .route("/produce/orders/{token}", get(produce::order_page))
        .route("/produce/orders/{token}/pay", post(produce::pay_submit))
        .route("/produce/orders/{token}/cancel", post(produce::buyer_cancel_submit))
        .route("/produce/counter", get(produce::counter_page))
        .route("/produce/counter/{id}/{step}", post(produce::counter_submit))
        .route("/produce/labels", get(produce::labels_page))
        .route("/produce/sales", get(produce::sales_page))
        .route("/produce/sales.xlsx", get(produce::sales_sheet))
        .route("/produce/enterprises", post(produce::enterprise_submit))
        .route("/produce/enterprises/{id}/products", post(produce::product_submit))
        .route("/produce/enterprises/{id}/merchants", post(produce::merchant_submit))
        .route("/produce/products/{id}/stock", post(produce::stock_submit))
        .route("/produce/products/{id}/edit", get(produce::edit_page).post(produce::edit_submit))
        .route("/produce/windows", post(produce::window_submit))
        .route("/produce/p/{id}/photos/{file}", get(produce::photo))
        .route("/daycare", get(daycare::daycare_page))
        .route("/daycare/meals", post(daycare::meal_submit))
        .route("/daycare/bills", post(daycare::bills_submit))
        .route("/daycare/menu", get(daycare::menu_page).post(daycare::menu_submit))
        .route("/daycare/kitchen", get(daycare::kitchen_page))
        .route("/daycare/elders", post(daycare::enrol_submit))
        .route("/daycare/elders/new", get(daycare::enrol_page))
        .route("/daycare/elders/{id}", get(daycare::elder_page).post(daycare::elder_submit))
        .route("/daycare/elders/{id}/arrive", post(daycare::arrive_submit))
        .route("/daycare/elders/{id}/leave", post(daycare::leave_submit))
        .route("/daycare/elders/{id}/bookings", post(daycare::booking_submit))
        .route("/daycare/elders/{id}/contacts", post(daycare::contact_submit))
        .route("/daycare/elders/{id}/contacts/{contact}/remove", post(daycare::contact_remove))
        .route("/daycare/elders/{id}/contacts/{contact}/link", post(daycare::contact_link))
        .route("/daycare/elders/{id}/reveal", post(daycare::reveal_submit))
        .route("/regions/{code}/daycare/menu", get(daycare::public_menu_page))
        .route("/reading", get(reading::room_page))
        .route("/reading/books", get(reading::to_room).post(reading::book_submit))
        .route("/reading/books/{id}", get(reading::book_page).post(reading::edit_submit))
        .route("/reading/books/{id}/read", get(reading::reader_page))
        .route("/reading/books/{id}/epub/{*part}", get(reading::epub_part))
        .route("/reading/books/{id}/lend", get(reading::to_book).post(reading::lend_submit))
        .route("/reading/books/{id}/list", get(reading::to_book).post(reading::list_submit))
        .route("/reading/devices", get(reading::to_room).post(reading::device_submit))
        .route("/reading/devices/{id}/state", post(reading::device_state_submit))
        .route("/reading/loans/{id}/return", post(reading::return_submit))
        .route("/reading/loans/remind", get(reading::to_room).post(reading::remind_submit))
        .route("/reading/sync", get(reading::to_room).post(reading::sync_submit))
        .route("/regions/{code}/reading", get(reading::shelf_page))
        .layer(axum::extract::DefaultBodyLimit::max(BODY))
        .route("/reading/books/{id}/cover/{file}", get(reading::cover))
        .route(
            "/reading/books/{id}/cover",
            get(reading::to_book).post(reading::cover_submit).layer(axum::extract::DefaultBodyLimit::max(PHOTOS_BODY)),
        )
        .route(
            "/reading/books/{id}/epub",
            get(reading::to_book).post(reading::epub_submit).layer(axum::extract::DefaultBodyLimit::max(EPUB_BODY)),
        )
        .route(
            "/produce/products/{id}/photos",
            post(produce::photos_submit).layer(axum::extract::DefaultBodyLimit::max(PHOTOS_BODY)),
        )
}

/// The counters' API.
pub(crate) fn api() -> Router<AppState> {
    Router::new()
        .route("/regions/{code}/produce", get(produce::api_shelf))
        .route("/regions/{code}/produce/orders", post(produce::api_order))
        .route("/produce/orders/{token}", get(produce::api_show))
        .route("/produce/orders/{token}/pay", post(produce::api_pay))
        .route("/produce/orders/{token}/cancel", post(produce::api_cancel))
        .route("/produce/counter", get(produce::api_counter))
        .route("/produce/counter/{id}/{step}", post(produce::api_counter_step))
        .route("/produce/enterprises", post(produce::api_add_enterprise))
        .route("/produce/enterprises/{id}/products", post(produce::api_add_product))
        .route("/produce/products/{id}/stock", post(produce::api_stock))
        .route("/produce/sales", get(produce::api_sales))
        .route("/produce/sales.xlsx", get(produce::api_sales_sheet))
        .route("/daycare/elders", get(daycare::api_elders).post(daycare::api_enrol))
        .route("/daycare/mine", get(daycare::api_mine))
        .route("/daycare/elders/{id}/bookings", get(daycare::api_grid).post(daycare::api_book))
        .route("/daycare/elders/{id}/bookings/cancel", post(daycare::api_cancel))
        .route("/daycare/elders/{id}/attendance", post(daycare::api_attendance))
        .route("/daycare/menu", axum::routing::put(daycare::api_save_menu))
        .route("/regions/{code}/daycare/menu", get(daycare::api_menu))
        .route("/daycare/kitchen", get(daycare::api_kitchen))
        .route("/daycare/bills", post(daycare::api_bills))
        .route("/regions/{code}/reading/books", get(reading::api_books))
        .route("/reading/books", post(reading::api_add_book))
        .route("/reading/books/{id}/position", get(reading::api_position).put(reading::api_save_position))
        .route("/reading/loans", get(reading::api_loans).post(reading::api_lend))
        .route("/reading/loans/{id}/return", post(reading::api_return))
        .route("/reading/figures", get(reading::api_figures))
        .route("/kosync/users/create", post(reading::kosync_create))
        .route("/kosync/users/auth", get(reading::kosync_auth))
        .route("/kosync/syncs/progress", axum::routing::put(reading::kosync_put))
        .route("/kosync/syncs/progress/{document}", get(reading::kosync_get))
        .layer(axum::extract::DefaultBodyLimit::max(BODY))
        .route(
            "/produce/products/{id}/photos",
            post(produce::api_photos).layer(axum::extract::DefaultBodyLimit::max(PHOTOS_BODY)),
        )
}
