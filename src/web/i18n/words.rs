//! Words stored in Chinese that a page shows: the registry's tags and the
//! default category tree. An English page shows them in English; a word
//! staff typed themselves (a category of their own) stays as typed.

use crate::web::shell::Shell;

/// (stored, English).
pub const WORDS: [(&str, &str); 48] = [
    // Tags (domain::registry::person::TAGS).
    ("独居老人", "Living alone"),
    ("空巢老人", "Empty-nest elder"),
    ("留守儿童", "Left-behind child"),
    ("残疾人", "Disabled"),
    ("低保", "Minimum allowance"),
    ("特困", "Extreme hardship"),
    ("退役军人", "Veteran"),
    ("党员", "Party member"),
    ("重点青少年", "Youth at risk"),
    ("高龄老人", "Over 80"),
    ("失业人员", "Unemployed"),
    ("严重精神障碍", "Severe mental illness"),
    ("社区矫正", "Community correction"),
    ("戒毒康复", "Drug rehabilitation"),
    // The default category tree.
    ("环境卫生", "Sanitation"),
    ("垃圾清运", "Rubbish collection"),
    ("楼道堆物", "Things piled in stairways"),
    ("设施报修", "Repairs"),
    ("供水", "Water supply"),
    ("供电", "Power supply"),
    ("燃气", "Gas"),
    ("供暖", "Heating"),
    ("电梯", "Lift"),
    ("路灯", "Street lights"),
    ("安全隐患", "Safety hazard"),
    ("消防通道堵塞", "Blocked fire lane"),
    ("电动车楼道充电", "E-bike charging indoors"),
    ("邻里纠纷", "Dispute between neighbours"),
    ("漏水纠纷", "Leak dispute"),
    ("宠物扰邻", "Pets disturbing neighbours"),
    ("噪音扰民", "Noise"),
    ("违章搭建", "Illegal building"),
    ("占道经营", "Street trading"),
    ("物业服务", "Property management"),
    ("政策咨询", "Policy questions"),
    ("其他", "Other"),
    // Bill states (domain::bills::bill::BillState::zh).
    ("未缴", "Unpaid"),
    ("部分缴纳", "Partly paid"),
    ("已缴清", "Paid"),
    ("已退款", "Refunded"),
    // A person's status.
    ("在住", "Living here"),
    ("已迁出", "Moved out"),
    ("已故", "Deceased"),
    // Relations.
    ("本人", "Self"),
    ("男", "Male"),
    ("女", "Female"),
    ("配偶", "Spouse"),
    ("子女", "Child"),
];

impl Shell {
    /// A stored Chinese word in the page's language (as stored when it has
    /// no English here).
    pub fn word<'a>(&self, stored: &'a str) -> &'a str {
        if self.t.html_lang == "zh-CN" {
            return stored;
        }
        WORDS.iter().find(|(zh, _)| *zh == stored).map_or(stored, |(_, en)| en)
    }
}

#[cfg(test)]
mod tests {
    use super::WORDS;

    #[test]
    fn every_tag_has_its_english_and_no_word_twice() {
        for tag in crate::domain::registry::person::TAGS {
            assert!(WORDS.iter().any(|(zh, _)| *zh == tag), "{tag}");
        }
        let mut seen = std::collections::HashSet::new();
        assert!(WORDS.iter().all(|(zh, _)| seen.insert(*zh)));
        assert!(WORDS.iter().all(|(zh, en)| zh != en && en.is_ascii()));
    }
}
