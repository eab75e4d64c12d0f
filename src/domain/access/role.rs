//! Roles, granted on a node of the region tree.

use std::fmt;

/// What an account may do, on the region node it is granted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// 居民: their own household, requests and bills.
    Resident,
    /// 志愿者: claims help requests.
    Volunteer,
    /// 商户: lists products.
    Merchant,
    /// 处置单位人员: a member of a handler unit (a department, utility,
    /// property company …); sees only the events dispatched to their unit.
    Handler,
    /// 网格员: the people, houses and events of their grids.
    GridWorker,
    /// 社区工作人员: their community.
    CommunityStaff,
    /// 社区负责人: their community, with approvals.
    CommunityHead,
    /// 街道管理员: their street.
    StreetAdmin,
    /// 区级管理员: the district.
    DistrictAdmin,
    /// 系统管理员: accounts, keys and settings.
    SystemAdmin,
}

/// Every role, lowest first.
pub const ALL: [Role; 10] = [
    Role::Resident,
    Role::Volunteer,
    Role::Merchant,
    Role::Handler,
    Role::GridWorker,
    Role::CommunityStaff,
    Role::CommunityHead,
    Role::StreetAdmin,
    Role::DistrictAdmin,
    Role::SystemAdmin,
];

impl Role {
    /// The stored and typed name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Resident => "resident",
            Role::Volunteer => "volunteer",
            Role::Merchant => "merchant",
            Role::Handler => "handler",
            Role::GridWorker => "grid_worker",
            Role::CommunityStaff => "community_staff",
            Role::CommunityHead => "community_head",
            Role::StreetAdmin => "street_admin",
            Role::DistrictAdmin => "district_admin",
            Role::SystemAdmin => "system_admin",
        }
    }

    /// The Chinese name users know.
    pub fn zh(self) -> &'static str {
        match self {
            Role::Resident => "居民",
            Role::Volunteer => "志愿者",
            Role::Merchant => "商户",
            Role::Handler => "处置单位人员",
            Role::GridWorker => "网格员",
            Role::CommunityStaff => "社区工作人员",
            Role::CommunityHead => "社区负责人",
            Role::StreetAdmin => "街道管理员",
            Role::DistrictAdmin => "区级管理员",
            Role::SystemAdmin => "系统管理员",
        }
    }

    /// The English name.
    pub fn en(self) -> &'static str {
        match self {
            Role::Resident => "Resident",
            Role::Volunteer => "Volunteer",
            Role::Merchant => "Merchant",
            Role::Handler => "Handler unit member",
            Role::GridWorker => "Grid worker",
            Role::CommunityStaff => "Community staff",
            Role::CommunityHead => "Community head",
            Role::StreetAdmin => "Street admin",
            Role::DistrictAdmin => "District admin",
            Role::SystemAdmin => "System admin",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<Role> {
        ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Staff and admin roles work on other people's data: short idle
    /// timeout, and a second factor when the admin makes it mandatory.
    pub fn is_staff(self) -> bool {
        !matches!(self, Role::Resident | Role::Volunteer | Role::Merchant)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_staff_is_everyone_who_serves() {
        for r in ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("admin"), None);
        let staff: Vec<_> = ALL.into_iter().filter(|r| r.is_staff()).collect();
        assert_eq!(staff.first(), Some(&Role::Handler));
        assert_eq!(staff.len(), 7);
    }
}
