//! How buildings are ordered: by the number a person reads in the name
//! (1号楼, 2号楼 … 10号楼 … 19号楼), then names without a number, by name.
//! One key serves every list: sorted in memory by [`order`], in the
//! database by the stored [`sort_key`] (same order, compared by code point).

use std::cmp::Ordering;

/// The number a person reads first in a building's name: ASCII or
/// full-width digits (`3号楼`, `Ｂ２栋`), or Chinese numerals up to 九十九
/// (`十二栋`, `第三幢`); `None` when the name has none.
pub fn number_in(name: &str) -> Option<u64> {
    let chars: Vec<char> = name.chars().collect();
    let start = chars.iter().position(|c| digit(*c).is_some() || chinese(*c).is_some())?;
    if digit(chars[start]).is_some() {
        let mut n: u64 = 0;
        for c in chars[start..].iter().map_while(|c| digit(*c)) {
            // Past 10 digits a name is not a number anyone reads.
            n = n.saturating_mul(10).saturating_add(c).min(9_999_999_999);
        }
        return Some(n);
    }
    let run: Vec<u64> = chars[start..].iter().map_while(|c| chinese(*c)).collect();
    // 十 is 10; 十二 12; 二十 20; 二十三 23; 三 3.
    match run.as_slice() {
        [10] => Some(10),
        [10, u, ..] if *u < 10 => Some(10 + u),
        [t, 10, u, ..] if *t < 10 && *u < 10 => Some(t * 10 + u),
        [t, 10, ..] if *t < 10 => Some(t * 10),
        [u, ..] if *u < 10 => Some(*u),
        _ => None,
    }
}

fn digit(c: char) -> Option<u64> {
    match c {
        '0'..='9' => Some(c as u64 - '0' as u64),
        '０'..='９' => Some(c as u64 - '０' as u64),
        _ => None,
    }
}

fn chinese(c: char) -> Option<u64> {
    Some(match c {
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        '十' => 10,
        _ => return None,
    })
}

/// The key a building is sorted by in the database: numbered names first,
/// by number then name; then the rest by name. Compared by code point (the
/// column's order on both engines), keys sort as [`order`] does.
pub fn sort_key(name: &str) -> String {
    match number_in(name) {
        Some(n) => format!("0{n:010}{name}"),
        None => format!("1{name}"),
    }
}

/// Two buildings' names in the order a person expects.
pub fn order(a: &str, b: &str) -> Ordering {
    sort_key(a).cmp(&sort_key(b))
}

/// Sorts anything named by a building, keeping equal names in their order.
pub fn sort_by_building<T>(items: &mut [T], name: impl Fn(&T) -> &str) {
    items.sort_by_cached_key(|t| sort_key(name(t)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buildings_come_in_the_order_a_person_reads_them() {
        let mut names =
            vec!["A座", "19号楼", "3单元", "10栋", "2号楼", "1号楼", "综合楼", "十二号楼", "Ｂ２栋", "第三幢", "1栋"];
        sort_by_building(&mut names, |n| n);
        assert_eq!(
            names,
            ["1号楼", "1栋", "2号楼", "Ｂ２栋", "3单元", "第三幢", "10栋", "十二号楼", "19号楼", "A座", "综合楼"]
        );
    }

    #[test]
    fn text_order_would_put_19_before_2() {
        // What the lists did before: the test above is not trivially met.
        assert!("19号楼" < "2号楼");
        assert_eq!(order("2号楼", "19号楼"), Ordering::Less);
    }

    #[test]
    fn the_number_a_person_reads() {
        assert_eq!(number_in("交通路小区 3号楼"), Some(3));
        assert_eq!(number_in("二十三栋"), Some(23));
        assert_eq!(number_in("二十栋"), Some(20));
        assert_eq!(number_in("十栋"), Some(10));
        assert_eq!(number_in("A座"), None);
        assert_eq!(number_in("99999999999999999999号"), Some(9_999_999_999));
    }

    #[test]
    fn equal_keys_keep_their_order_and_names_without_numbers_sort_by_name() {
        let mut v = vec![("B座", 1), ("A座", 2), ("B座", 3)];
        sort_by_building(&mut v, |t| t.0);
        assert_eq!(v, [("A座", 2), ("B座", 1), ("B座", 3)]);
    }
}
