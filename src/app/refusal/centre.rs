//! Why the centre's counters refused: the produce counter, day care and the reading room.

/// Why the centre's counters refused: the produce counter, day care and the reading room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CentreRefusal {
    // The produce counter.
    /// An enterprise's name missing, too long, or the community's already.
    ProduceEnterpriseName,
    /// The village it helps missing or too long.
    ProduceVillage,
    /// A product's name missing, too long, or the enterprise's already.
    ProduceProductName,
    /// A text too long (about, story, origin, certificates, shelf life).
    ProduceText,
    /// A product's unit missing or too long.
    ProduceUnit,
    /// A price not between 1 fen and ¥10,000.
    ProducePrice,
    /// Nothing chosen to order, or too many kinds at once.
    ProduceNothing,
    /// Units of a product in an order out of 1..=99.
    ProduceQuantity,
    /// Not enough left of a product.
    ProduceShort {
        /// The product.
        name: String,
        /// What is left.
        left: i64,
    },
    /// The pickup window chosen is full.
    PickupFull,
    /// No pickup window chosen, or one already over.
    PickupChoose,
    /// A window's times or places out of bounds.
    PickupTimes,
    /// A buyer's name missing or too long.
    BuyerName,
    /// The order cannot take this step now (paid, collected, released …).
    ProduceOrderNotNow,
    /// The code said at the counter is not the order's.
    PickupCode,

    // Elderly day care.
    /// A meal's price not within ¥0–¥100.
    DaycarePrice,
    /// A cut-off not between two days before and 20:00 of the day.
    DaycareCutoffRange,
    /// No person of the community's registry chosen (or not living there).
    DaycarePerson,
    /// The person is younger than the centre enrols.
    DaycareTooYoung {
        /// The youngest age enrolled.
        min: u32,
    },
    /// Allergies or notes too long.
    DaycareText,
    /// A contact's name missing or too long.
    DaycareContact,
    /// A contact's relation missing or too long.
    DaycareRelation,
    /// The person is enrolled already.
    DaycareEnrolled,
    /// A menu cell with too many dishes or a name too long.
    DaycareDishes {
        /// The day (MM-DD).
        day: String,
        /// The meal.
        meal: crate::domain::centre::daycare::Meal,
        /// The course.
        course: crate::domain::centre::daycare::Course,
    },
    /// A week published with nothing on its menu.
    DaycareEmptyMenu,
    /// The elder has left the centre.
    DaycareNotEnrolled,
    /// Bookings of that meal closed.
    DaycareCutoff {
        /// When they closed (MM-DD HH:MM).
        deadline: String,
    },
    /// A day too far ahead to book.
    DaycareTooFar {
        /// Days ahead one may book.
        days: u32,
    },
    /// The day's menu has no such meal, or is not published.
    DaycareNoMeal,
    /// The elder's arrival is recorded already.
    DaycareArrivedAlready,
    /// Who took the elder home missing or too long.
    DaycarePickedUpBy,
    /// The elder did not arrive today, or left already.
    DaycareNotHere,
    /// A meal's dishes changed after its bookings closed.
    DaycareMenuClosed {
        /// The day (MM-DD).
        day: String,
        /// The meal.
        meal: crate::domain::centre::daycare::Meal,
    },
    /// A menu cell outside the week sent.
    DaycareOutsideWeek {
        /// The week's Monday.
        monday: String,
    },
    /// A meal emptied from the menu while someone has booked it.
    DaycareMealBooked {
        /// The day (MM-DD).
        day: String,
        /// The meal.
        meal: crate::domain::centre::daycare::Meal,
        /// How many have booked it.
        booked: i64,
    },
    /// No account is registered with the contact's phone.
    DaycareNoAccount,
    /// A month billed before it is over.
    DaycareMonthNotOver,
    // The reading room.
    /// A title missing or too long.
    ReadingTitle,
    /// An ISBN that does not check.
    ReadingIsbn(crate::domain::centre::reading::IsbnProblem),
    /// Copies out of 0–999.
    ReadingCopies,
    /// A reading position out of bounds.
    ReadingLocator,
    /// A file that is not a usable EPUB.
    ReadingEpub(crate::domain::centre::epub::EpubProblem),
    /// No copy of the book is on the shelf.
    ReadingNoCopy,
    /// Fewer copies than are lent out.
    ReadingCopiesLent {
        /// Copies lent out now.
        lent: i64,
    },
    /// An e-reader's asset number missing, too long or taken.
    ReadingAssetNo,
    /// The e-reader is not on the shelf.
    ReadingDeviceNotFree,
    /// No borrower chosen, or not one of the community's residents.
    ReadingBorrower,
    /// A loan's days out of 1–90.
    ReadingDays,
    /// The loan was returned already.
    ReadingReturned,
    /// The book has no e-book file.
    ReadingNoFile,
    /// No file was chosen to upload.
    ReadingEpubMissing,
    /// A diet, meal or course code linli does not know.
    DaycareCode {
        /// The codes it knows.
        known: String,
    },
}
