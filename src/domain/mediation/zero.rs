//! 三零 (零上访、零案件、零事故): a community is 三零 for a month when no
//! petition was registered, the police office recorded no criminal or
//! public-order case, and no safety event was an accident. Computed from
//! what was recorded, never typed in.

/// What the police office or the community records against 三零.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Incident {
    /// 刑事案件.
    Criminal,
    /// 治安案件.
    PublicOrder,
    /// 安全事故.
    Accident,
}

impl Incident {
    /// Every kind, in the order forms list them.
    pub const ALL: [Incident; 3] = [Incident::Criminal, Incident::PublicOrder, Incident::Accident];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Incident::Criminal => "criminal",
            Incident::PublicOrder => "public_order",
            Incident::Accident => "accident",
        }
    }

    /// Parses a stored code.
    pub fn parse(s: &str) -> Option<Incident> {
        Self::ALL.into_iter().find(|i| i.code() == s)
    }
}

/// A community's month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Month {
    /// Petitions registered (信访件).
    pub petitions: i64,
    /// Of them, those that went above the community first (越级上访).
    pub above: i64,
    /// Criminal and public-order cases the police office recorded.
    pub cases: i64,
    /// Accidents.
    pub accidents: i64,
}

impl Month {
    /// 零上访.
    pub fn no_petitions(&self) -> bool {
        self.petitions == 0
    }

    /// All three zero.
    pub fn is_zero(&self) -> bool {
        self.petitions == 0 && self.cases == 0 && self.accidents == 0
    }

    /// Two months added (a street's from its communities').
    pub fn plus(self, o: Month) -> Month {
        Month {
            petitions: self.petitions + o.petitions,
            above: self.above + o.above,
            cases: self.cases + o.cases,
            accidents: self.accidents + o.accidents,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_is_zero_only_when_all_three_are() {
        assert!(Month::default().is_zero());
        for m in [
            Month { petitions: 1, ..Month::default() },
            Month { cases: 1, ..Month::default() },
            Month { accidents: 1, ..Month::default() },
        ] {
            assert!(!m.is_zero());
        }
        let street =
            Month { petitions: 1, above: 1, ..Month::default() }.plus(Month { accidents: 2, ..Month::default() });
        assert_eq!(street, Month { petitions: 1, above: 1, cases: 0, accidents: 2 });
        assert_eq!(Incident::parse("public_order"), Some(Incident::PublicOrder));
    }
}
