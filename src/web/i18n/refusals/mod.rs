//! Refusals: why the app refused what was asked, worded. Every
//! [`Reason`] has its text in both languages — here those several areas
//! share, beside this file those of each area — with `{name}` marking where
//! a value goes; [`words`] matches every reason, so a reason without words
//! does not compile.

use crate::app::refusal::{Reason, VisitText};
use crate::domain::registry::person::{ID_TYPES, POLITICAL, RESIDENCY};
use crate::domain::registry::sheet::SheetError;

use super::Lang;

pub mod access;
pub mod bills;
pub mod centre;
pub mod events;
pub mod life;
pub mod mediation;
pub mod registry;
pub mod rows;
pub mod services;
pub mod wall;

texts! {
    /// The words of every refusal, by area.
    pub struct RefusalTexts {
        /// Between the entries of a list of allowed values.
        list_separator,
        mobile, choose_community, unknown_state, not_found, not_permitted, say_why, bad_rows, file,
        gateway_channel,
        /// A sheet read whole.
        sheet: SheetTexts,
        /// A sheet's bad rows.
        rows: rows::RowTexts,
        /// Refusals of accounts, tokens, the audit log and the keys.
        access: access::AccessRefusals,
        /// Refusals of the registry: regions, places, households and people.
        registry: registry::RegistryRefusals,
        /// Refusals of events: reports, the workflow, categories and measures.
        events: events::EventRefusals,
        /// Refusals of services: applications, the catalogue, visits and appointments.
        services: services::ServiceRefusals,
        /// Refusals of bills: fee items, payments, deposits, readings, waivers and refunds.
        bills: bills::BillRefusals,
        /// Refusals of community life: notices.
        life: life::LifeRefusals,
        /// Refusals of the help wall, volunteers and points.
        wall: wall::WallRefusals,
        /// Refusals of the centre's counters: produce.
        centre: centre::CentreRefusals,
        /// Refusals of mediation, petitions and 三零.
        mediation: mediation::MediationRefusals,
    }
}

texts! {
    /// A sheet read whole.
    pub struct SheetTexts { no_header, no_meter_header, missing_column, unreadable, too_large }
}

/// 简体中文.
pub const ZH: RefusalTexts = RefusalTexts {
    list_separator: "、",
    mobile: "手机号应为 11 位数字，以 1 开头",
    choose_community: "请选择所在社区",
    unknown_state: "无法识别的状态：{state}",
    not_found: "没有找到",
    not_permitted: "无权处理",
    say_why: "请说明原因（2–200 字）",
    bad_rows: "第 {lines} 行有误",
    file: "文件 {path}：{error}",
    gateway_channel: "渠道应为 sms 或 wechat",
    sheet: SheetTexts {
        no_header: "找不到表头：前 10 行中没有同时包含“姓名”和“身份证号”的行",
        no_meter_header: "找不到表头：前 10 行中没有同时包含“房号”和“读数”的行",
        missing_column: "缺少必需的列：{column}",
        unreadable: "无法读取文件：{error}",
        too_large: "表格太大：{what}，请拆成几个文件分别导入",
    },
    rows: rows::ZH,
    access: access::ZH,
    registry: registry::ZH,
    events: events::ZH,
    services: services::ZH,
    bills: bills::ZH,
    life: life::ZH,
    wall: wall::ZH,
    centre: centre::ZH,
    mediation: mediation::ZH,
};

/// English.
pub const EN: RefusalTexts = RefusalTexts {
    list_separator: ", ",
    mobile: "A mobile number has 11 digits and starts with 1",
    choose_community: "Choose the community",
    unknown_state: "Unknown state: {state}",
    not_found: "Not found",
    not_permitted: "You may not handle this",
    say_why: "Say why, in 2–200 characters",
    bad_rows: "Rows {lines} are wrong",
    file: "File {path}: {error}",
    gateway_channel: "The channel is sms or wechat",
    sheet: SheetTexts {
        no_header: "No header row with a name and an ID-number column in the first 10 rows",
        no_meter_header: "No header row with a room and a reading column in the first 10 rows",
        missing_column: "Missing column: {column}",
        unreadable: "Unreadable file: {error}",
        too_large: "Sheet too large: {what}; split it into smaller files",
    },
    rows: rows::EN,
    access: access::EN,
    registry: registry::EN,
    events: events::EN,
    services: services::EN,
    bills: bills::EN,
    life: life::EN,
    wall: wall::EN,
    centre: centre::EN,
    mediation: mediation::EN,
};

impl Lang {
    /// Why input was refused, in this language.
    pub fn refusal(self, reason: &Reason) -> String {
        words(reason, self)
    }
}

/// A text with each `{name}` replaced by its value.
fn fill(text: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = text.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    out
}

/// Hundredths of a unit as a reading shows them: 112.00.
fn hundredths(n: i64) -> String {
    format!("{}.{:02}", n / 100, n % 100)
}

/// Why input was refused, in a language.
pub fn words(reason: &Reason, lang: Lang) -> String {
    let texts = lang.texts();
    let r = &texts.refusals;
    let list = |values: &[&str]| values.join(r.list_separator);
    match reason {
        Reason::Centre(c) => centre::words(c, lang),
        Reason::Cases(c) => mediation::words(c, lang),
        Reason::Mobile => r.mobile.into(),
        Reason::ChooseCommunity => r.choose_community.into(),
        Reason::UnknownState { state } => fill(r.unknown_state, &[("state", state)]),
        Reason::NotFound => r.not_found.into(),
        Reason::NotPermitted => r.not_permitted.into(),
        Reason::SayWhy => r.say_why.into(),
        Reason::Money(e) => {
            use crate::domain::money::MoneyError;
            match e {
                MoneyError::Malformed => r.bills.money.malformed,
                MoneyError::TooLarge => r.bills.money.too_large,
            }
            .into()
        }
        Reason::IdNumber(p) => {
            use crate::domain::registry::id_number::IdProblem;
            let t = &r.registry.id_number;
            match p {
                IdProblem::WrongLength => t.wrong_length,
                IdProblem::NotDigits => t.not_digits,
                IdProblem::SpreadsheetNumber => t.spreadsheet_number,
                IdProblem::BadBirthDate => t.bad_birth_date,
                IdProblem::BadChecksum => t.bad_checksum,
            }
            .into()
        }
        Reason::Passport(p) => {
            use crate::domain::registry::identity::PassportProblem;
            match p {
                PassportProblem::Number => r.registry.passport.number,
                PassportProblem::BirthDate => r.registry.passport.birth_date,
                PassportProblem::Sex => r.registry.passport.sex,
            }
            .into()
        }
        Reason::Fact(p) => {
            use crate::domain::registry::person::FactProblem;
            let t = &r.registry.fact;
            match p {
                FactProblem::IdType => fill(t.id_type, &[("types", &list(&ID_TYPES))]),
                FactProblem::Ethnicity(typed) => fill(t.ethnicity, &[("typed", typed)]),
                FactProblem::Political => fill(t.political, &[("statuses", &list(&POLITICAL))]),
                FactProblem::Residency => fill(t.residency, &[("kinds", &list(&RESIDENCY))]),
                FactProblem::Employment => t.employment.into(),
            }
        }
        Reason::Search(p) => {
            use crate::domain::registry::search::SearchProblem;
            match p {
                SearchProblem::TooShort => r.registry.search.too_short,
                SearchProblem::Digits => r.registry.search.digits,
            }
            .into()
        }
        Reason::Sheet(e) => {
            let t = &r.sheet;
            match e {
                SheetError::NoHeader => t.no_header.into(),
                SheetError::NoMeterHeader => t.no_meter_header.into(),
                SheetError::MissingColumn(column) => fill(t.missing_column, &[("column", column)]),
                SheetError::Unreadable(error) => fill(t.unreadable, &[("error", error)]),
                SheetError::TooLarge { zh, en } => {
                    fill(t.too_large, &[("what", if lang == Lang::En { en } else { zh })])
                }
            }
        }
        Reason::BadRows { lines } => {
            let lines: Vec<String> = lines.iter().map(usize::to_string).collect();
            fill(r.bad_rows, &[("lines", &lines.join(r.list_separator))])
        }
        Reason::File { path, error } => fill(r.file, &[("path", path), ("error", error)]),
        Reason::Username => r.access.username.into(),
        Reason::UsernameOrPhone => r.access.username_or_phone.into(),
        Reason::DisplayName => r.access.display_name.into(),
        Reason::PhoneTaken => r.access.phone_taken.into(),
        Reason::UsernameTaken => r.access.username_taken.into(),
        Reason::Password(p) => {
            use crate::domain::access::password::PasswordProblem;
            match p {
                PasswordProblem::TooShort => r.access.password.too_short,
                PasswordProblem::Common => r.access.password.common,
                PasswordProblem::Personal => r.access.password.personal,
            }
            .into()
        }
        Reason::TokenName => r.access.token_name.into(),
        Reason::NoScope => r.access.no_scope.into(),
        Reason::TokenNameTaken => r.access.token_name_taken.into(),
        Reason::NoSecondFactor => r.access.no_second_factor.into(),
        Reason::SignInFailed => r.access.sign_in_failed.into(),
        Reason::NotInRegistry => r.access.not_in_registry.into(),
        Reason::AuditKept { days } => fill(r.access.audit_kept, &[("days", days)]),
        Reason::KeyFile { error } => fill(r.access.key_file, &[("error", error)]),
        Reason::Unopenable { account } => fill(r.access.unopenable, &[("account", account)]),
        Reason::TooManyCodes { max } => fill(r.registry.too_many_codes, &[("max", max)]),
        Reason::GridDigits => r.registry.grid_digits.into(),
        Reason::NotAGridHere => r.registry.not_a_grid_here.into(),
        Reason::NotAGrid { code } => fill(r.registry.not_a_grid, &[("code", code)]),
        Reason::GridNumbering => r.registry.grid_numbering.into(),
        Reason::SubGridNumbering => r.registry.sub_grid_numbering.into(),
        Reason::GridNumber => r.registry.grid_number.into(),
        Reason::GridName => r.registry.grid_name.into(),
        Reason::GridExists => r.registry.grid_exists.into(),
        Reason::BoundaryOnGridsOnly => r.registry.boundary_on_grids_only.into(),
        Reason::Boundary(b) => {
            use crate::domain::registry::place::BadBoundary;
            let t = &r.registry.boundary;
            match b {
                BadBoundary::NotJson => t.not_json,
                BadBoundary::NotPolygon => t.not_polygon,
                BadBoundary::NoRing => t.no_ring,
                BadBoundary::ShortRing => t.short_ring,
                BadBoundary::Position => t.position,
                BadBoundary::OpenRing => t.open_ring,
            }
            .into()
        }
        Reason::BuildingUnderGrid => r.registry.building_under_grid.into(),
        Reason::BuildingName => r.registry.building_name.into(),
        Reason::BuildingNameTaken => r.registry.building_name_taken.into(),
        Reason::RoomNumber => r.registry.room_number.into(),
        Reason::HouseTaken => r.registry.house_taken.into(),
        Reason::HouseUse { uses } => fill(r.registry.house_use, &[("uses", &list(uses))]),
        Reason::HouseArea => r.registry.house_area.into(),
        Reason::OrgUnderGrid => r.registry.org_under_grid.into(),
        Reason::OrgName => r.registry.org_name.into(),
        Reason::OrgKind { kinds } => fill(r.registry.org_kind, &[("kinds", &list(kinds))]),
        Reason::CreditCode => r.registry.credit_code.into(),
        Reason::ContactPhoneChars => r.registry.contact_phone_chars.into(),
        Reason::AlreadyClosed => r.registry.already_closed.into(),
        Reason::TeamUnderGrid => r.registry.team_under_grid.into(),
        Reason::TeamRole { roles } => fill(r.registry.team_role, &[("roles", &list(roles))]),
        Reason::PhoneChars => r.registry.phone_chars.into(),
        Reason::NoSuchAccount => r.registry.no_such_account.into(),
        Reason::WorkerUnderGrid => r.registry.worker_under_grid.into(),
        Reason::PersonName => r.registry.person_name.into(),
        Reason::AlreadyRegistered { masked } => fill(r.registry.already_registered, &[("masked", masked)]),
        Reason::IdTypeMismatch => r.registry.id_type_mismatch.into(),
        Reason::MovedOut => r.registry.moved_out.into(),
        Reason::Deceased => r.registry.deceased.into(),
        Reason::HowGone => r.registry.how_gone.into(),
        Reason::AmbiguousAddress => r.registry.ambiguous_address.into(),
        Reason::WrongPassword => r.registry.wrong_password.into(),
        Reason::UnknownSource { sources } => fill(r.events.unknown_source, &[("sources", &list(sources))]),
        Reason::NoSuchCategory => r.events.no_such_category.into(),
        Reason::ReportText => r.events.report_text.into(),
        Reason::PhoneForCallBack => r.events.phone_for_call_back.into(),
        Reason::PositionOutOfRange => r.events.position_out_of_range.into(),
        Reason::Email => r.events.email.into(),
        Reason::TooManyPhotos { max } => fill(r.events.too_many_photos, &[("max", max)]),
        Reason::Photo { nth, problem } => {
            use crate::domain::photo::PhotoError;
            let t = &r.events.photo;
            let problem = match problem {
                PhotoError::TooLarge => t.too_large.to_owned(),
                PhotoError::NotAPhoto => t.not_a_photo.to_owned(),
                PhotoError::Broken => t.broken.to_owned(),
                PhotoError::TooManyPixels { width, height } => {
                    fill(t.too_many_pixels, &[("width", width), ("height", height)])
                }
            };
            fill(r.events.photo_nth, &[("nth", nth), ("problem", &problem)])
        }
        Reason::TooManyAtOnce { max } => fill(r.events.too_many_at_once, &[("max", max)]),
        Reason::ChooseAction => r.events.choose_action.into(),
        Reason::Event(refused) => {
            use crate::domain::events::event::Refused;
            match refused {
                Refused::NotNow { state, action } => {
                    let action = texts.events.actions.iter().find(|(k, _)| k == action).map_or(*action, |(_, l)| l);
                    fill(r.events.event.not_now, &[("state", &texts.events.states.name(*state)), ("action", &action)])
                }
                Refused::NoReason => r.events.event.no_reason.into(),
                Refused::BadDeadline => r.events.event.bad_deadline.into(),
            }
        }
        Reason::EventChangedMeanwhile => r.events.event_changed_meanwhile.into(),
        Reason::NoSuchOriginal { code } if code.is_empty() => r.events.name_the_original.into(),
        Reason::NoSuchOriginal { code } => fill(r.events.no_such_original, &[("code", code)]),
        Reason::DuplicateOfItself => r.events.duplicate_of_itself.into(),
        Reason::UnitName => r.events.unit_name.into(),
        Reason::UnitKind { kinds } => fill(r.events.unit_kind, &[("kinds", &list(kinds))]),
        Reason::UnitPhone => r.events.unit_phone.into(),
        Reason::NoSuchUnit => r.events.no_such_unit.into(),
        Reason::NotOfUnit => r.events.not_of_unit.into(),
        Reason::UnitRole => r.events.unit_role.into(),
        Reason::MemberElsewhere => r.events.member_elsewhere.into(),
        Reason::UnitActive => r.events.unit_active.into(),
        Reason::DuplicateOfDuplicate { code } => fill(r.events.duplicate_of_duplicate, &[("code", code)]),
        Reason::EndBeforeStart => r.events.end_before_start.into(),
        Reason::SearchWords => r.events.search_words.into(),
        Reason::HouseNotInBuilding => r.events.house_not_in_building.into(),
        Reason::Unprintable => r.events.unprintable.into(),
        Reason::ListView => r.events.list_view.into(),
        Reason::ChooseSatisfaction => r.events.choose_satisfaction.into(),
        Reason::ListOverdue => r.events.list_overdue.into(),
        Reason::PageSize { max } => fill(r.events.page_size, &[("max", max)]),
        Reason::ReporterName { max } => fill(r.events.reporter_name, &[("max", max)]),
        Reason::BuildingNotInCommunity => r.events.building_not_in_community.into(),
        Reason::SearchTooLong { max } => fill(r.events.search_too_long, &[("max", max)]),
        Reason::CategoryFields(p) => {
            use crate::domain::events::field::DefinitionProblem as P;
            let f = &r.events.fields;
            match p {
                P::TooMany => fill(f.too_many, &[("max", &crate::domain::events::field::MAX_FIELDS)]),
                P::Code(c) => fill(f.code, &[("code", c)]),
                P::Name(c) => fill(f.name, &[("code", c)]),
                P::Choices(c) => fill(f.choices, &[("code", c)]),
                P::Line(n) => fill(f.line, &[("line", n)]),
            }
        }
        Reason::FieldValue { problem, name } => {
            use crate::domain::events::field::ValueProblem as P;
            let f = &r.events.fields;
            let text = match problem {
                P::Unknown(_) => f.unknown,
                P::Required(_) => f.required,
                P::Number(_) => f.number,
                P::Date(_) => f.date,
                P::NotAChoice(_) => f.not_a_choice,
                P::OneValue(_) => f.one_value,
            };
            fill(text, &[("name", name)])
        }
        Reason::ExportTooMany { max } => fill(r.events.export_too_many, &[("max", max)]),
        Reason::BadDate => r.events.bad_date.into(),
        Reason::CategoryCode => r.events.category_code.into(),
        Reason::NoParentCategory => r.events.no_parent_category.into(),
        Reason::CategoryName => r.events.category_name.into(),
        Reason::CategoryHandler => r.events.category_handler.into(),
        Reason::CategoryHours => r.events.category_hours.into(),
        Reason::CategoryClass { classes } => fill(r.events.category_class, &[("classes", &list(classes))]),
        Reason::NoSuchItem => r.services.no_such_item.into(),
        Reason::UnknownItem { code } => fill(r.services.unknown_item, &[("code", code)]),
        Reason::Item(bad) => {
            use crate::domain::services::service::ItemProblem;
            let t = &r.services.item;
            let what = t.fields.iter().find(|(k, _)| *k == bad.field).map_or(bad.field, |(_, l)| l);
            match &bad.problem {
                ItemProblem::Code => t.code.into(),
                ItemProblem::Length { max } => fill(t.length, &[("what", &what), ("max", max)]),
                ItemProblem::EntryTooLong { entry, max } => {
                    fill(t.entry_too_long, &[("what", &what), ("entry", entry), ("max", max)])
                }
                ItemProblem::Repeated { entry } => fill(t.repeated, &[("what", &what), ("entry", entry)]),
                ItemProblem::TooMany { max } => fill(t.too_many, &[("what", &what), ("max", max)]),
                ItemProblem::NoMaterials => t.no_materials.into(),
                ItemProblem::NoSteps => t.no_steps.into(),
                ItemProblem::Days => t.days.into(),
            }
        }
        Reason::InPersonOnly => r.services.in_person_only.into(),
        Reason::ConsentNeeded => r.services.consent_needed.into(),
        Reason::ApplicantName => r.services.applicant_name.into(),
        Reason::ApplicantPhone => r.services.applicant_phone.into(),
        Reason::NoSuchFormField { name } => fill(r.services.no_such_form_field, &[("name", name)]),
        Reason::FillIn { name } => fill(r.services.fill_in, &[("name", name)]),
        Reason::Application(refused) => {
            use crate::domain::services::service::Refused;
            match refused {
                Refused::NotNow { state, action } => {
                    let label = |table: &[(&'static str, &'static str)], key: &'static str| {
                        table.iter().find(|(k, _)| *k == key).map_or(key, |(_, l)| l)
                    };
                    let state = label(&texts.services.application_states, state.as_str());
                    let action = label(&texts.services.application_actions, action);
                    fill(r.services.application.not_now, &[("state", &state), ("action", &action)])
                }
                Refused::NoReason => r.services.application.no_reason.into(),
            }
        }
        Reason::ChooseStep => r.services.choose_step.into(),
        Reason::ApplicationChangedMeanwhile => r.services.application_changed_meanwhile.into(),
        Reason::StepOfAnotherLevel { step, level } => {
            use crate::domain::services::service::Level;
            let who = match level {
                Level::Community => r.services.level_community,
                Level::Street => r.services.level_street,
                Level::District => r.services.level_district,
            };
            fill(r.services.step_of_another_level, &[("step", step), ("who", &who)])
        }
        Reason::VisitText { what, min, max } => {
            let n = &r.services.visit_texts;
            let what = match what {
                VisitText::Met => n.met,
                VisitText::Situation => n.situation,
                VisitText::Needs => n.needs,
                VisitText::ContactName => n.contact_name,
                VisitText::Wish => n.wish,
                VisitText::Note => n.note,
                VisitText::Assignee => n.assignee,
            };
            fill(r.services.visit_text, &[("what", &what), ("min", min), ("max", max)])
        }
        Reason::VisitRule(p) => {
            use crate::domain::services::visit::RuleProblem;
            match p {
                RuleProblem::Tag => r.services.visit_rule.tag,
                RuleProblem::Interval => r.services.visit_rule.interval,
            }
            .into()
        }
        Reason::CareRule(p) => {
            use crate::domain::services::care::CareRuleProblem;
            let t = &r.services.care_rule;
            match p {
                CareRuleProblem::NoItem => t.no_item,
                CareRuleProblem::AgeNotNumber => t.age_not_number,
                CareRuleProblem::Age => t.age,
                CareRuleProblem::AheadDays => t.ahead_days,
                CareRuleProblem::Tag => t.tag,
                CareRuleProblem::Kind => t.kind,
            }
            .into()
        }
        Reason::RegionDigits => r.services.region_digits.into(),
        Reason::VisitTime { typed } => fill(r.services.visit_time, &[("typed", typed)]),
        Reason::VisitInFuture => r.services.visit_in_future.into(),
        Reason::VisitTooOld => r.services.visit_too_old.into(),
        Reason::AppointmentNotHere => r.services.appointment_not_here.into(),
        Reason::AppointmentHandledMeanwhile => r.services.appointment_handled_meanwhile.into(),
        Reason::AppointmentClosed => r.services.appointment_closed.into(),
        Reason::AppointmentChangedMeanwhile => r.services.appointment_changed_meanwhile.into(),
        Reason::ChooseHousehold => r.services.choose_household.into(),
        Reason::NoLinkedHousehold => r.services.no_linked_household.into(),
        Reason::NotAtHome => r.services.not_at_home.into(),
        Reason::ContactName => r.services.contact_name.into(),
        Reason::ContactPhone => r.services.contact_phone.into(),
        Reason::DayInPast => r.services.day_in_past.into(),
        Reason::FeeCode => r.bills.fee_code.into(),
        Reason::FeeName => r.bills.fee_name.into(),
        Reason::FeeKind => r.bills.fee_kind.into(),
        Reason::Price(e) => {
            use crate::domain::bills::bill::PriceError;
            match e {
                PriceError::Price => r.bills.price.price,
                PriceError::Tiers => r.bills.price.tiers,
            }
            .into()
        }
        Reason::NoSuchFee => r.bills.no_such_fee.into(),
        Reason::NoSuchMeteredFee => r.bills.no_such_metered_fee.into(),
        Reason::BadPeriod => r.bills.bad_period.into(),
        Reason::BadDay => r.bills.bad_day.into(),
        Reason::PaymentKey => r.bills.payment_key.into(),
        Reason::PaymentChannel => r.bills.payment_channel.into(),
        Reason::AmountNotPositive => r.bills.amount_not_positive.into(),
        Reason::PrepaidShort { left } => fill(r.bills.prepaid_short, &[("left", left)]),
        Reason::Ledger(e) => {
            use crate::domain::bills::bill::LedgerError;
            match e {
                LedgerError::NotPositive => r.bills.ledger.not_positive.into(),
                LedgerError::MoreThanOwed(owed) => fill(r.bills.ledger.more_than_owed, &[("owed", owed)]),
                LedgerError::MoreThanPaid(paid) => fill(r.bills.ledger.more_than_paid, &[("paid", paid)]),
            }
        }
        Reason::PaidMeanwhile { owed } => fill(r.bills.paid_meanwhile, &[("owed", owed)]),
        Reason::KeyUsedForAnotherPayment => r.bills.key_used_for_another_payment.into(),
        Reason::DepositKey => r.bills.deposit_key.into(),
        Reason::DepositChannel => r.bills.deposit_channel.into(),
        Reason::DepositNotPositive => r.bills.deposit_not_positive.into(),
        Reason::KeyUsedForAnotherDeposit => r.bills.key_used_for_another_deposit.into(),
        Reason::NegativeReading => r.bills.negative_reading.into(),
        Reason::ChooseBuilding => r.bills.choose_building.into(),
        Reason::ReadingBelowLast { reading, last } => {
            fill(r.bills.reading_below_last, &[("reading", &hundredths(*reading)), ("last", &hundredths(*last))])
        }
        Reason::AlreadyRead => r.bills.already_read.into(),
        Reason::AdjustmentReason => r.bills.adjustment_reason.into(),
        Reason::AdjustmentKind => r.bills.adjustment_kind.into(),
        Reason::ChooseAdjustment => r.bills.choose_adjustment.into(),
        Reason::SecondPersonDecides => r.bills.second_person_decides.into(),
        Reason::AdjustmentDecidedMeanwhile => r.bills.adjustment_decided_meanwhile.into(),
        Reason::AdjustmentNoLongerFits => r.bills.adjustment_no_longer_fits.into(),
        Reason::GraceDays => r.bills.grace_days.into(),
        Reason::ArrearsFilter => r.bills.arrears_filter.into(),
        Reason::ReminderDailyLimit { asked, left, limit } => fill(
            r.bills.reminder_daily_limit,
            &[("asked", &asked.to_string()), ("left", &left.to_string()), ("limit", &limit.to_string())],
        ),
        Reason::RemindersChanged { now } => fill(r.bills.reminders_changed, &[("now", &now.to_string())]),
        Reason::GridOutsideCommunity => r.bills.grid_outside_community.into(),
        Reason::UnknownAction => r.bills.unknown_action.into(),
        Reason::AssistCodeDigits => r.bills.assist_code_digits.into(),
        Reason::AssistCodeWrong => r.bills.assist_code_wrong.into(),
        Reason::KioskIdNumber => r.bills.kiosk_id_number.into(),
        Reason::KioskIdMistyped => r.bills.kiosk_id_mistyped.into(),
        Reason::KioskPhone => r.bills.kiosk_phone.into(),
        Reason::NoHouseholdForId => r.bills.no_household_for_id.into(),
        Reason::NoHouseholdForPhone => r.bills.no_household_for_phone.into(),
        Reason::SmsCodeTooManyTries => r.bills.sms_code_too_many_tries.into(),
        Reason::SmsCodeWrong => r.bills.sms_code_wrong.into(),
        Reason::BadSignature => r.bills.bad_signature.into(),
        Reason::UnreadableCallback => r.bills.unreadable_callback.into(),
        Reason::NoOnlinePayment => r.bills.no_online_payment.into(),
        Reason::BillPaidUp => r.bills.bill_paid_up.into(),
        Reason::OrderAmount { owed } => fill(r.bills.order_amount, &[("owed", owed)]),
        Reason::CallbackAmount { paid, ordered } => {
            fill(r.bills.callback_amount, &[("paid", paid), ("ordered", ordered)])
        }
        Reason::StatementAmount => r.bills.statement_amount.into(),
        Reason::GatewayChannel => r.gateway_channel.into(),
        Reason::Notice(p) => {
            use crate::domain::life::notice::NoticeProblem;
            let t = &r.life;
            match p {
                NoticeProblem::Title => t.notice_title,
                NoticeProblem::Body => t.notice_body,
                NoticeProblem::GridOutside => t.notice_grid_outside,
                NoticeProblem::TooManyGrids => t.notice_too_many_grids,
                NoticeProblem::Tag => t.notice_tag,
                NoticeProblem::PublishAt => t.notice_publish_at,
                NoticeProblem::ExpiresAt => t.notice_expires_at,
                NoticeProblem::Attachment => t.notice_attachment,
            }
            .into()
        }
        Reason::NoticeSensitiveTag => r.life.notice_sensitive_tag.into(),
        Reason::NoticeReachesNobody => r.life.notice_reaches_nobody.into(),
        Reason::Room(p) => {
            use crate::domain::life::room::RoomProblem;
            let t = &r.life;
            match p {
                RoomProblem::Name => t.room_name,
                RoomProblem::Capacity => t.room_capacity,
                RoomProblem::Hours => t.room_hours,
                RoomProblem::NoDay => t.room_no_day,
                RoomProblem::Text => t.room_text,
                RoomProblem::Purpose => t.room_purpose,
                RoomProblem::EndBeforeStart => t.room_end_before_start,
                RoomProblem::OffGrain => t.room_off_grain,
                RoomProblem::EndOffGrain => t.room_end_off_grain,
                RoomProblem::OutsideHours => t.room_outside_hours,
                RoomProblem::ClosedDay => t.room_closed_day,
                RoomProblem::Past => t.room_past,
                RoomProblem::TooFarAhead => t.room_too_far_ahead,
                RoomProblem::TooLong => t.room_too_long,
                RoomProblem::SeriesTooLarge => t.room_series_too_large,
                RoomProblem::SeriesEmpty => t.room_series_empty,
            }
            .into()
        }
        Reason::RoomTaken { from, to } => fill(r.life.room_taken, &[("from", from), ("to", to)]),
        Reason::RoomClosed => r.life.room_closed.into(),
        Reason::TooManyBookings { most } => fill(r.life.too_many_bookings, &[("most", most)]),
        Reason::SkipDate { text } => fill(r.life.skip_date, &[("text", text)]),
        Reason::NotLivingHere => r.life.not_living_here.into(),
        Reason::BadTime => r.life.bad_time.into(),
        Reason::Activity(p) => {
            use crate::domain::life::activity::ActivityProblem;
            let t = &r.life;
            match p {
                ActivityProblem::Title => t.activity_title,
                ActivityProblem::Body => t.activity_body,
                ActivityProblem::Place => t.activity_place,
                ActivityProblem::Capacity => t.activity_capacity,
                ActivityProblem::End => t.activity_end,
                ActivityProblem::Start => t.activity_start,
                ActivityProblem::Deadline => t.activity_deadline,
                ActivityProblem::Ages => t.activity_ages,
                ActivityProblem::Tag => t.activity_tag,
                ActivityProblem::Weeks => t.activity_weeks,
                ActivityProblem::OpenKind => t.activity_open_kind,
            }
            .into()
        }
        Reason::RegistrationClosed => r.life.registration_closed.into(),
        Reason::NotForYou => r.life.not_for_you.into(),
        Reason::CheckInClosed => r.life.check_in_closed.into(),
        Reason::CheckInCode => r.life.check_in_code.into(),
        Reason::NotConfirmed => r.life.not_confirmed.into(),
        Reason::AssociationName => r.life.association_name.into(),
        Reason::LeaderUnknown => r.life.leader_unknown.into(),
        Reason::MemberAction => r.life.member_action.into(),
        Reason::Wish(p) => {
            use crate::domain::life::wish::WishProblem as P;
            let t = &r.wall;
            match p {
                P::NotNow => t.wish_not_now,
                P::NotYours => t.wish_not_yours,
                P::Title => t.wish_title,
                P::Body => t.wish_body,
                P::Category => t.wish_category,
                P::NeededBy => t.wish_needed_by,
                P::Note => t.wish_note,
                P::OwnWish => t.wish_own,
                P::Phone => t.wish_phone,
            }
            .into()
        }
        Reason::Joint(p) => {
            use crate::domain::life::joint::JointProblem as P;
            let t = &r.wall;
            match p {
                P::NotNow => t.joint_not_now,
                P::NotYours => t.joint_not_yours,
                P::Title => t.joint_title,
                P::Text => t.joint_text,
                P::Kind => t.joint_kind,
                P::Progress => t.joint_progress,
                P::Deadline => t.joint_deadline,
                P::Unit => t.joint_unit,
            }
            .into()
        }
        Reason::TooManyWishes { most } => fill(r.wall.too_many_wishes, &[("most", most)]),
        Reason::PointsRules(p) => {
            use crate::domain::life::points::RulesProblem as P;
            match p {
                P::Points => r.wall.rules_points,
                P::Expiry => r.wall.rules_expiry,
                P::RaiseDays => r.wall.rules_raise_days,
            }
            .into()
        }
        Reason::Hours(p) => {
            use crate::domain::life::points::HoursProblem as P;
            match p {
                P::Minutes => r.wall.hours_minutes,
                P::DayFull => r.wall.hours_day_full,
                P::Day => r.wall.hours_day,
            }
            .into()
        }
        Reason::HoursWhat => r.wall.hours_what.into(),
        Reason::HoursTwice => r.wall.hours_twice.into(),
        Reason::HoursDecided => r.wall.hours_decided.into(),
        Reason::NotEnoughPoints { have, need } => fill(r.wall.not_enough_points, &[("have", have), ("need", need)]),
        Reason::PointsAmount => r.wall.points_amount.into(),
        Reason::NotFamily => r.wall.not_family.into(),
        Reason::ShopItemName => r.wall.shop_item_name.into(),
        Reason::ShopItemText => r.wall.shop_item_text.into(),
        Reason::Stock => r.wall.stock.into(),
        Reason::Quantity => r.wall.quantity.into(),
        Reason::OutOfStock => r.wall.out_of_stock.into(),
        Reason::ExchangeClosed => r.wall.exchange_closed.into(),
        Reason::StudyTitle => r.wall.study_title.into(),
        Reason::StudyBody => r.wall.study_body.into(),
        Reason::StudyMinutes => r.wall.study_minutes.into(),
        Reason::StudyTooSoon { minutes } => fill(r.wall.study_too_soon, &[("minutes", minutes)]),
        Reason::StudyAudio(p) => {
            use crate::domain::life::audio::AudioError;
            match p {
                AudioError::TooLarge => r.wall.study_audio_too_large,
                AudioError::NotAudio => r.wall.study_audio_not_audio,
                AudioError::Length => r.wall.study_audio_length,
            }
            .into()
        }
        Reason::StudyListenFirst { minutes } => fill(r.wall.study_listen_first, &[("minutes", minutes)]),
        Reason::VolunteerKind => r.wall.volunteer_kind.into(),
        Reason::VolunteerOrgUnknown => r.wall.volunteer_org_unknown.into(),
        Reason::VolunteerOrg => r.wall.volunteer_org.into(),
        Reason::VolunteerAvailable => r.wall.volunteer_available.into(),
        Reason::Class(p) => {
            use crate::domain::life::class::ClassProblem;
            let t = &r.life;
            match p {
                ClassProblem::Name => t.class_name,
                ClassProblem::Term => t.class_term,
                ClassProblem::Days => t.room_no_day,
                ClassProblem::Times => t.room_end_before_start,
                ClassProblem::Ages => t.class_ages,
                ClassProblem::Pickups => t.class_pickups,
                ClassProblem::Child => t.class_child,
                ClassProblem::NotNamed => t.class_not_named,
                ClassProblem::NoClass => t.class_no_class,
            }
            .into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Fen;
    use crate::web::i18n::Listing;

    fn cjk(s: &str) -> bool {
        s.chars().any(|c| matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{3000}'..='\u{303f}'))
    }

    /// The `{name}`s of a text.
    fn placeholders(text: &str) -> std::collections::BTreeSet<&str> {
        text.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).collect()
    }

    #[test]
    fn no_english_refusal_holds_chinese() {
        let chinese: Vec<_> = EN.all().into_iter().filter(|(_, text)| cjk(text)).collect();
        assert!(chinese.is_empty(), "{chinese:?}");
    }

    #[test]
    fn both_languages_leave_room_for_the_same_values() {
        let (zh, en) = (ZH.all(), EN.all());
        assert_eq!(zh.len(), en.len());
        for ((name, z), (_, e)) in zh.iter().zip(&en) {
            assert_eq!(placeholders(z), placeholders(e), "{name}: {z:?} and {e:?}");
        }
    }

    #[test]
    fn a_refusal_reads_whole_in_each_language() {
        use crate::domain::events::event::{Refused, State};
        use crate::domain::photo::PhotoError;
        let examples = [
            Reason::GridOutsideCommunity,
            Reason::Photo { nth: 2, problem: PhotoError::TooManyPixels { width: 9000, height: 9000 } },
            Reason::Ledger(crate::domain::bills::bill::LedgerError::MoreThanOwed(Fen::new(12_345))),
            Reason::Event(Refused::NotNow { state: State::Closed, action: "dispatch" }),
            Reason::ReadingBelowLast { reading: 10_500, last: 11_200 },
            Reason::VisitText { what: VisitText::Situation, min: 2, max: 2000 },
            Reason::Item(crate::domain::services::service::BadItem {
                field: "materials",
                problem: crate::domain::services::service::ItemProblem::TooMany { max: 20 },
            }),
            Reason::AuditKept { days: 180 },
        ];
        for reason in &examples {
            let (zh, en) = (words(reason, Lang::Zh), words(reason, Lang::En));
            assert!(cjk(&zh) && !zh.contains('{'), "{reason:?}: {zh}");
            assert!(!cjk(&en) && !en.contains('{') && !en.is_empty(), "{reason:?}: {en}");
        }
        assert_eq!(words(&examples[0], Lang::Zh), "网格代码应以社区代码开头");
        assert_eq!(words(&examples[0], Lang::En), "A grid code starts with its community's code");
        assert_eq!(words(&examples[2], Lang::En), "More than the ¥123.45 owed");
        assert_eq!(words(&examples[3], Lang::En), "This event is “Closed”: “Dispatch” does not apply now");
        assert_eq!(words(&examples[4], Lang::Zh), "本期读数 105.00 小于上期 112.00；如已换表，请注明“换表”");
        assert_eq!(words(&examples[6], Lang::Zh), "材料最多 20 项");
        // Values the user must type keep their own script: a list of stored uses.
        let uses = Reason::HouseUse { uses: &crate::domain::registry::place::HOUSE_USES };
        assert_eq!(words(&uses, Lang::En), "A house's use is one of: 自住, 出租, 空置, 商铺");
    }
}
