//! Why a use case refuses what was asked: each refusal is a named reason,
//! carrying the values its words need. The app keeps no wording of its
//! own; the web layer words every reason in the page's language
//! (`web::i18n::refusals`), so that a refusal reads in English on an English
//! page and in the API's `detail` when English is asked for.

use crate::domain::access::password::PasswordProblem;
use crate::domain::bills::bill::{LedgerError, PriceError};
use crate::domain::money::{Fen, MoneyError};
use crate::domain::photo::PhotoError;
use crate::domain::registry::id_number::IdProblem;
use crate::domain::registry::identity::PassportProblem;
use crate::domain::registry::person::FactProblem;
use crate::domain::registry::place::BadBoundary;
use crate::domain::registry::search::SearchProblem;
use crate::domain::registry::sheet::SheetError;
use crate::domain::services::care::CareRuleProblem;
use crate::domain::services::service::BadItem;
use crate::domain::services::visit::RuleProblem;

mod cases;
mod centre;
pub use cases::CaseRefusal;
pub use centre::CentreRefusal;

/// Why input was refused. The field at fault travels beside it
/// ([`crate::app::Error::Invalid`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    // Shared by several areas.
    /// Not a mobile number: 11 digits starting with 1.
    Mobile,
    /// No community chosen, or not one linli serves.
    ChooseCommunity,
    /// A state stored in the database that this version does not know.
    UnknownState {
        /// As stored.
        state: String,
    },
    /// Nothing of this kind there (one of several handled at once).
    NotFound,
    /// Not the user's to handle (one of several handled at once).
    NotPermitted,
    /// A change without its reason (2–200 characters).
    SayWhy,
    /// An amount of money as typed.
    Money(MoneyError),
    /// An ID number as typed.
    IdNumber(IdProblem),
    /// A passport's details as typed.
    Passport(PassportProblem),
    /// A person's facts (document type, ethnicity …) as typed.
    Fact(FactProblem),
    /// What a search box was given.
    Search(SearchProblem),
    /// A sheet that cannot be read as a whole.
    Sheet(SheetError),
    /// Rows of a sheet that were refused, by line.
    BadRows {
        /// Their line numbers.
        lines: Vec<usize>,
    },
    /// A file the operator named could not be written or read.
    File {
        /// The file.
        path: String,
        /// What the system said.
        error: String,
    },

    // Access: accounts, tokens, the audit log and the keys.
    /// A user name not of 3–32 letters, digits, `.`, `_`, `-`, or only digits.
    Username,
    /// An account with neither a user name nor a phone.
    UsernameOrPhone,
    /// A display name not of 1–64 characters.
    DisplayName,
    /// Another account has this phone number.
    PhoneTaken,
    /// Another account has this user name.
    UsernameTaken,
    /// A password the policy refuses.
    Password(PasswordProblem),
    /// A token's name not of 1–64 characters.
    TokenName,
    /// A token without a scope.
    NoScope,
    /// Another token has this name.
    TokenNameTaken,
    /// A code asked of an account without a second factor.
    NoSecondFactor,
    /// The new account was made but signing in failed.
    SignInFailed,
    /// A registration approved whose ID number names nobody in its
    /// community's registry.
    NotInRegistry,
    /// Audit entries younger than they must be kept.
    AuditKept {
        /// The days they are kept at least.
        days: i64,
    },
    /// The key file could not be changed.
    KeyFile {
        /// What went wrong.
        error: String,
    },
    /// A sealed value that no key of the ring opens.
    Unopenable {
        /// The record it belongs to (table/id).
        account: String,
    },

    // The registry: regions, places, households and people.
    /// More region codes than one look-up takes.
    TooManyCodes {
        /// The most.
        max: usize,
    },
    /// A grid code of something other than digits.
    GridDigits,
    /// Not a grid of this community.
    NotAGridHere,
    /// A code that is not a grid's.
    NotAGrid {
        /// The code.
        code: String,
    },
    /// A grid numbered outside 1–999 (or not under a community).
    GridNumbering,
    /// A sub-grid numbered outside 1–999 (or not under a grid).
    SubGridNumbering,
    /// A grid number typed that is not 1–999.
    GridNumber,
    /// A grid's name not of 1–32 characters.
    GridName,
    /// A grid with this number exists.
    GridExists,
    /// Only grids have boundaries.
    BoundaryOnGridsOnly,
    /// A boundary that is not a closed GeoJSON polygon.
    Boundary(BadBoundary),
    /// Buildings are registered under a grid.
    BuildingUnderGrid,
    /// A building's name not of 1–64 characters.
    BuildingName,
    /// The grid has a building of this name.
    BuildingNameTaken,
    /// A room number not of 1–16 characters.
    RoomNumber,
    /// The house has a household already.
    HouseTaken,
    /// A house's use that is not one of them.
    HouseUse {
        /// The uses, as stored.
        uses: &'static [&'static str],
    },
    /// A floor area that is not 0–10000 m² with two decimals at most.
    HouseArea,
    /// Organisations are registered under a grid.
    OrgUnderGrid,
    /// An organisation's name not of 1–64 characters.
    OrgName,
    /// An organisation's kind that is not one of them.
    OrgKind {
        /// The kinds, as stored.
        kinds: &'static [&'static str],
    },
    /// A unified social credit code that is not 18 characters with a right check character.
    CreditCode,
    /// A contact phone of something other than digits and `-`.
    ContactPhoneChars,
    /// Already closed (注销).
    AlreadyClosed,
    /// A team belongs to a grid.
    TeamUnderGrid,
    /// A team member's role that is not one of them.
    TeamRole {
        /// The roles, as stored.
        roles: &'static [&'static str],
    },
    /// A phone of something other than digits and `-`.
    PhoneChars,
    /// No account has this user name or phone.
    NoSuchAccount,
    /// Grid workers are assigned to a grid.
    WorkerUnderGrid,
    /// A person's name not of 1–32 characters.
    PersonName,
    /// The person is registered already (their masked ID number).
    AlreadyRegistered {
        /// The ID number, masked.
        masked: String,
    },
    /// A document type that does not fit the number kept.
    IdTypeMismatch,
    /// The person has moved out.
    MovedOut,
    /// The person has died.
    Deceased,
    /// Neither moved out nor died.
    HowGone,
    /// An address that names more than one household.
    AmbiguousAddress,
    /// The password given to show or export full numbers is wrong.
    WrongPassword,

    // Events: reports, the workflow, categories and measures.
    /// A channel that is not one of them.
    UnknownSource {
        /// The channels.
        sources: &'static [&'static str],
    },
    /// No such category, or not offered.
    NoSuchCategory,
    /// A report's text not of 2–2000 characters.
    ReportText,
    /// Control characters or direction overrides in what was typed.
    Unprintable,
    /// A reporter's name longer than this.
    ReporterName {
        /// The most, in characters.
        max: usize,
    },
    /// A report without signing in needs a phone to call back.
    PhoneForCallBack,
    /// A position outside the earth's coordinates.
    PositionOutOfRange,
    /// Not an e-mail address.
    Email,
    /// More photos than one step takes.
    TooManyPhotos {
        /// The most.
        max: usize,
    },
    /// A photo refused, counted from 1.
    Photo {
        /// Which one.
        nth: usize,
        /// Why.
        problem: PhotoError,
    },
    /// More events than one dispatch takes.
    TooManyAtOnce {
        /// The most.
        max: usize,
    },
    /// No action chosen, or a visit without its satisfaction.
    ChooseAction,
    /// The workflow does not allow this action now.
    Event(crate::domain::events::event::Refused),
    /// Someone else acted on the event meanwhile.
    EventChangedMeanwhile,
    /// 标为重复 without a code of an event of the same community.
    NoSuchOriginal {
        /// The code as typed (empty when none was).
        code: String,
    },
    /// 标为重复 naming the event itself.
    DuplicateOfItself,
    /// A unit's name: 2–64 characters.
    UnitName,
    /// Not a kind of unit.
    UnitKind {
        /// The kinds.
        kinds: &'static [&'static str],
    },
    /// A unit's office phone: digits and dashes.
    UnitPhone,
    /// No such unit working there, or stopped.
    NoSuchUnit,
    /// The person chosen is not of the unit chosen (or, without a unit, does
    /// not work the event's place).
    NotOfUnit,
    /// Not a unit role.
    UnitRole,
    /// An existing account with duties outside the regions the keeper
    /// keeps: only someone who keeps them may make it a unit's member.
    MemberElsewhere,
    /// Stopping or resuming a unit names neither.
    UnitActive,
    /// 标为重复 naming an event that is itself a duplicate.
    DuplicateOfDuplicate {
        /// That event's code.
        code: String,
    },
    /// A period that ends before it starts.
    EndBeforeStart,
    /// Not a valid date.
    BadDate,
    /// Words to find events by, none of two characters or more.
    SearchWords,
    /// A rating sent without one of 满意, 基本满意, 不满意.
    ChooseSatisfaction,
    /// A list's view that is none of all, board, mine, late, rework.
    ListView,
    /// `overdue` other than 1/0 (true/false, on/off).
    ListOverdue,
    /// A page size that is not a number from 1 to this.
    PageSize {
        /// The most.
        max: u64,
    },
    /// A house that is not in the building the report is about (or no building).
    HouseNotInBuilding,
    /// A building that is not one of the community's.
    BuildingNotInCommunity,
    /// Words to find events by, longer than this many characters.
    SearchTooLong {
        /// The most.
        max: usize,
    },
    /// A category's extra fields as an admin gave them.
    CategoryFields(crate::domain::events::field::DefinitionProblem),
    /// A report's value for one of its category's extra fields.
    FieldValue {
        /// What was wrong.
        problem: crate::domain::events::field::ValueProblem,
        /// The field's name (its code when the category has no such field).
        name: String,
    },
    /// A list too long to export: narrow it first.
    ExportTooMany {
        /// The most rows.
        max: usize,
    },
    /// A category code not of 2 digits (4 for a sub-category, starting with its parent's).
    CategoryCode,
    /// The parent category does not exist.
    NoParentCategory,
    /// A category's name not of 1–32 characters.
    CategoryName,
    /// A category's handler not of 1–32 characters.
    CategoryHandler,
    /// A deadline not of 1–2160 hours.
    CategoryHours,
    /// A class that is not one of them.
    CategoryClass {
        /// The classes, as stored.
        classes: &'static [&'static str],
    },

    // Services: applications, the catalogue, visits and appointments.
    /// No such item, or not offered.
    NoSuchItem,
    /// An item this version cannot find (its code, as stored).
    UnknownItem {
        /// The item's code.
        code: String,
    },
    /// An item of the catalogue as an admin wrote it.
    Item(BadItem),
    /// The item must be applied for in person.
    InPersonOnly,
    /// Applying for someone needs how they agreed.
    ConsentNeeded,
    /// No applicant's name.
    ApplicantName,
    /// No applicant's phone.
    ApplicantPhone,
    /// A form field the item does not have.
    NoSuchFormField {
        /// The field, as sent.
        name: String,
    },
    /// A form field left empty.
    FillIn {
        /// The field.
        name: String,
    },
    /// No step of an application chosen (or one that does not exist).
    ChooseStep,
    /// The workflow does not allow this action now.
    Application(crate::domain::services::service::Refused),
    /// Someone else acted on the application meanwhile.
    ApplicationChangedMeanwhile,
    /// This step of an application is another level's (社区 / 街道 / 区级).
    StepOfAnotherLevel {
        /// The step's name.
        step: String,
        /// The level it belongs to.
        level: crate::domain::services::service::Level,
    },
    /// A text of a visit not of `min`–`max` characters.
    VisitText {
        /// What it is.
        what: VisitText,
        /// The fewest characters.
        min: usize,
        /// The most characters.
        max: usize,
    },
    /// A visit rule as an admin wrote it.
    VisitRule(RuleProblem),
    /// A proactive-service rule as an admin wrote it.
    CareRule(CareRuleProblem),
    /// A region code of something other than digits.
    RegionDigits,
    /// A visit's time that is not a date and time (as typed).
    VisitTime {
        /// As typed.
        typed: String,
    },
    /// A visit later than now.
    VisitInFuture,
    /// A visit more than 7 days ago.
    VisitTooOld,
    /// The appointment is not this household's, or is done.
    AppointmentNotHere,
    /// Someone else handled the appointment meanwhile.
    AppointmentHandledMeanwhile,
    /// The appointment is done or cancelled.
    AppointmentClosed,
    /// Someone else changed the appointment meanwhile; reload.
    AppointmentChangedMeanwhile,
    /// No household chosen for a home visit.
    ChooseHousehold,
    /// The account has no household linked to it.
    NoLinkedHousehold,
    /// The item is not done at home.
    NotAtHome,
    /// No contact's name.
    ContactName,
    /// No contact's phone.
    ContactPhone,
    /// A day before today.
    DayInPast,

    // Bills: fee items, bills, payments, deposits, readings, waivers and refunds.
    /// A fee item's code not of 1–16 capital letters and digits.
    FeeCode,
    /// A fee item's name not of 1–32 characters.
    FeeName,
    /// A price the fee items refuse.
    Price(PriceError),
    /// A fee item's kind that is not `area`, `metered` or `fixed`.
    FeeKind,
    /// No such fee item, or retired.
    NoSuchFee,
    /// No such metered fee item.
    NoSuchMeteredFee,
    /// A billing period that is not `YYYY-MM`.
    BadPeriod,
    /// A day that is not `YYYY-MM-DD`.
    BadDay,
    /// A payment without an idempotency key of 8–64 characters.
    PaymentKey,
    /// A payment channel that is not one of them.
    PaymentChannel,
    /// An amount of zero or less.
    AmountNotPositive,
    /// The house's prepaid balance holds less.
    PrepaidShort {
        /// What it holds.
        left: Fen,
    },
    /// What the bill's money allows.
    Ledger(LedgerError),
    /// The bill was paid meanwhile.
    PaidMeanwhile {
        /// What it owes now.
        owed: Fen,
    },
    /// The key was used for another payment.
    KeyUsedForAnotherPayment,
    /// A deposit without an idempotency key of 8–64 characters.
    DepositKey,
    /// A deposit other than in cash or by card.
    DepositChannel,
    /// A deposit of zero or less.
    DepositNotPositive,
    /// The key was used for another deposit.
    KeyUsedForAnotherDeposit,
    /// A reading below zero.
    NegativeReading,
    /// A reading round names no building.
    ChooseBuilding,
    /// A reading below the last one without a meter change.
    ReadingBelowLast {
        /// This reading, hundredths of a unit.
        reading: i64,
        /// The last one, hundredths of a unit.
        last: i64,
    },
    /// The house is read for this period already.
    AlreadyRead,
    /// A waiver or refund without its reason (2–200 characters).
    AdjustmentReason,
    /// Neither a waiver nor a refund.
    AdjustmentKind,
    /// No waiver or refund chosen to decide.
    ChooseAdjustment,
    /// The person who asked cannot decide.
    SecondPersonDecides,
    /// Someone else decided meanwhile.
    AdjustmentDecidedMeanwhile,
    /// The bill changed so that the waiver or refund no longer fits.
    AdjustmentNoLongerFits,
    /// A grace period that is not 0–365 days.
    GraceDays,
    /// Arrears filters out of bounds (months owed 1–120, an amount at least 0).
    ArrearsFilter,
    /// More reminders than the community may still send today.
    ReminderDailyLimit {
        /// Reminders this send would make.
        asked: i64,
        /// Reminders still allowed today.
        left: i64,
        /// The daily limit.
        limit: i64,
    },
    /// The reminders confirmed are no longer those that would go.
    RemindersChanged {
        /// Reminders that would go now.
        now: i64,
    },
    /// A grid code that does not start with the community's.
    GridOutsideCommunity,
    /// A form's action that is not one of them.
    UnknownAction,
    /// A kiosk assistance code that is not 6 digits.
    AssistCodeDigits,
    /// A wrong or expired assistance code.
    AssistCodeWrong,
    /// A kiosk's ID number that is not 18 characters.
    KioskIdNumber,
    /// An 18-character ID number that cannot be one (check digit, birth date): mistyped.
    KioskIdMistyped,
    /// A kiosk's phone that is not 11 digits.
    KioskPhone,
    /// No household registered with this ID number.
    NoHouseholdForId,
    /// No household registered with this phone.
    NoHouseholdForPhone,
    /// Too many wrong SMS codes.
    SmsCodeTooManyTries,
    /// A wrong SMS code.
    SmsCodeWrong,
    /// A payment callback with a wrong signature.
    BadSignature,
    /// A payment callback that cannot be read.
    UnreadableCallback,
    /// No online payment provider.
    NoOnlinePayment,
    /// The bill is paid up.
    BillPaidUp,
    /// An order for nothing, or for more than is owed.
    OrderAmount {
        /// What is owed.
        owed: Fen,
    },
    /// A callback paid another amount than ordered.
    CallbackAmount {
        /// As paid.
        paid: Fen,
        /// As ordered.
        ordered: Fen,
    },
    /// A provider's statement disagrees with the order.
    StatementAmount,

    // Notifications.
    /// A gateway channel that is not SMS or WeChat.
    GatewayChannel,

    // Community life.
    /// A notice as written.
    Notice(crate::domain::life::notice::NoticeProblem),
    /// A notice addressed by a sensitive tag.
    NoticeSensitiveTag,
    /// A notice whose target holds no household.
    NoticeReachesNobody,
    /// A room or a booking as written.
    Room(crate::domain::life::room::RoomProblem),
    /// Another booking holds the room then (its local times).
    RoomTaken {
        /// From.
        from: String,
        /// To.
        to: String,
    },
    /// A room that takes no bookings now.
    RoomClosed,
    /// More bookings held than a resident may hold.
    TooManyBookings {
        /// The most.
        most: i64,
    },
    /// A time of day that is no time (`HH:MM`).
    BadTime,
    /// Something typed among the dates left out that is no date.
    SkipDate {
        /// As typed.
        text: String,
    },
    /// Someone whose account is linked to nobody living in the community.
    NotLivingHere,
    /// An activity as written.
    Activity(crate::domain::life::activity::ActivityProblem),
    /// Registration closed: past the deadline, called off or begun.
    RegistrationClosed,
    /// Not among those the activity is for.
    NotForYou,
    /// The door takes no check-in now.
    CheckInClosed,
    /// A QR code that is not this activity's.
    CheckInCode,
    /// Not confirmed for this activity.
    NotConfirmed,
    /// An association's name already used in the community.
    AssociationName,
    /// No account with this login to lead it.
    LeaderUnknown,
    /// An answer about a member that is neither accept nor remove.
    MemberAction,
    /// The after-school class: a term, an enrolment or a sign-out as asked.
    Class(crate::domain::life::class::ClassProblem),
    /// A wish as written, or a step not allowed now or for this person.
    Wish(crate::domain::life::wish::WishProblem),
    /// A step on the 三清单 not allowed, or what was typed there.
    Joint(crate::domain::life::joint::JointProblem),
    /// Too many wishes on the wall at once.
    TooManyWishes {
        /// The most.
        most: usize,
    },
    /// Points rules out of bounds.
    PointsRules(crate::domain::life::points::RulesProblem),
    /// Volunteer hours as typed.
    Hours(crate::domain::life::points::HoursProblem),
    /// Hours without what was done.
    HoursWhat,
    /// Hours for this activity were recorded already.
    HoursTwice,
    /// Hours already confirmed or refused.
    HoursDecided,
    /// Fewer points than the exchange costs.
    NotEnoughPoints {
        /// What they hold.
        have: i64,
        /// What it costs.
        need: i64,
    },
    /// A number of points out of bounds (or zero).
    PointsAmount,
    /// Points go only to someone of the household.
    NotFamily,
    /// A shop item without a name, or one the shop has.
    ShopItemName,
    /// A shop item's description or giver too long.
    ShopItemText,
    /// Stock out of bounds or below zero.
    Stock,
    /// A quantity outside 1–10.
    Quantity,
    /// Not enough left in stock.
    OutOfStock,
    /// The exchange was collected or cancelled already.
    ExchangeClosed,
    /// A study item without a title, or too long.
    StudyTitle,
    /// A study item without its text, or too long.
    StudyBody,
    /// A study item's time outside 1–120 minutes.
    StudyMinutes,
    /// Finished sooner than the item takes.
    StudyTooSoon {
        /// How long it takes.
        minutes: i64,
    },
    /// A study item's recording refused.
    StudyAudio(crate::domain::life::audio::AudioError),
    /// The end of a recording reached sooner than it can be heard.
    StudyListenFirst {
        /// How long the recording is.
        minutes: i64,
    },
    /// A volunteer kind this version does not know.
    VolunteerKind,
    /// An organisation that is not one of the community's registered ones.
    VolunteerOrgUnknown,
    /// A team's or employer's name missing or too long.
    VolunteerOrg,
    /// When they can help, too long.
    VolunteerAvailable,

    /// The centre's counters: produce, day care, the reading room.
    Centre(CentreRefusal),
    /// Mediation, petitions and the 三零 figures.
    Cases(CaseRefusal),
}

/// The texts of a visit or an appointment that have a length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VisitText {
    /// Whom the visitor met (见到的人).
    Met,
    /// What the visit found (走访情况).
    Situation,
    /// Needs found (发现的需求).
    Needs,
    /// The contact's name of an appointment.
    ContactName,
    /// When the resident would like the visit.
    Wish,
    /// What the resident needs help with.
    Note,
    /// Who goes.
    Assignee,
}
