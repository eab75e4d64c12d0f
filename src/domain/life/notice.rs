//! Notices (通知公告): what staff publish to a region — the whole of it,
//! some of its grids, or the people carrying a tag (all 独居老人) — when it
//! shows, until when, and how its text is laid out. No I/O.

use chrono::{DateTime, Duration, Utc};
use linli_codes::{GridCode, RegionCode};

/// The longest title, in characters.
pub const TITLE_MAX: usize = 60;
/// The longest text, in characters.
pub const BODY_MAX: usize = 5_000;
/// The most grids one notice names (more: publish to the community).
pub const GRIDS_MAX: usize = 50;
/// How far ahead a notice may be set to appear.
pub const AHEAD_DAYS: i64 = 90;
/// How long a notice may stay up.
pub const UP_DAYS: i64 = 366;

/// Why a notice cannot be published as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NoticeProblem {
    /// No title, or a longer one than [`TITLE_MAX`].
    #[error("title")]
    Title,
    /// No text, or a longer one than [`BODY_MAX`].
    #[error("body")]
    Body,
    /// A grid that does not lie in the notice's region.
    #[error("grid outside the region")]
    GridOutside,
    /// More grids than [`GRIDS_MAX`].
    #[error("too many grids")]
    TooManyGrids,
    /// A tag that is empty, too long or holds `,`, `%`, `_` or `\`.
    #[error("tag")]
    Tag,
    /// To appear more than [`AHEAD_DAYS`] days ahead, or in the past.
    #[error("publish time")]
    PublishAt,
    /// Taken down before it appears, or after more than [`UP_DAYS`] days.
    #[error("expiry")]
    ExpiresAt,
    /// An attachment that is no PDF, larger than [`ATTACHMENT_BYTES`], or
    /// more than [`ATTACHMENTS_MAX`] of them.
    #[error("attachment")]
    Attachment,
}

/// The most attachments a notice carries.
pub const ATTACHMENTS_MAX: usize = 3;
/// The largest attachment, in bytes.
pub const ATTACHMENT_BYTES: usize = 5 * 1024 * 1024;

/// Attachments as sent (file name, bytes), checked: PDF files (by their
/// first bytes, whatever the name says), each within [`ATTACHMENT_BYTES`],
/// at most [`ATTACHMENTS_MAX`]. Returns each one's name as it will be
/// offered for download: the base name, without control characters or
/// quotes, at most 60 characters, ending in `.pdf`.
pub fn attachments(sent: &[(String, Vec<u8>)]) -> Result<Vec<String>, NoticeProblem> {
    if sent.len() > ATTACHMENTS_MAX {
        return Err(NoticeProblem::Attachment);
    }
    sent.iter()
        .map(|(name, bytes)| {
            if bytes.len() > ATTACHMENT_BYTES || !bytes.starts_with(b"%PDF-") {
                return Err(NoticeProblem::Attachment);
            }
            let base = name.rsplit(['/', '\\']).next().unwrap_or("");
            let stem = base.strip_suffix(".pdf").or_else(|| base.strip_suffix(".PDF")).unwrap_or(base);
            let clean: String = stem
                .chars()
                .filter(|c| !c.is_control() && !matches!(c, '"' | '\'' | ';' | '<' | '>'))
                .take(56)
                .collect();
            let clean = if clean.trim().is_empty() { "附件".to_owned() } else { clean.trim().to_owned() };
            Ok(format!("{clean}.pdf"))
        })
        .collect()
}

/// Whom a notice reaches: the households of a region, or of some of its
/// grids, and among them, when a tag is given, those where someone
/// carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    region: RegionCode,
    grids: Vec<GridCode>,
    tag: Option<String>,
}

impl Target {
    /// A target, checked: the grids lie in the region, the tag is one a
    /// person may carry.
    pub fn new(region: RegionCode, mut grids: Vec<GridCode>, tag: Option<&str>) -> Result<Target, NoticeProblem> {
        grids.sort();
        grids.dedup();
        if grids.len() > GRIDS_MAX {
            return Err(NoticeProblem::TooManyGrids);
        }
        if grids.iter().any(|g| !g.as_str().starts_with(region.prefix())) {
            return Err(NoticeProblem::GridOutside);
        }
        let tag = match tag.map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) if t.chars().count() <= 16 && !t.contains([',', '，', '%', '_', '\\']) => Some(t.to_owned()),
            Some(_) => return Err(NoticeProblem::Tag),
            None => None,
        };
        Ok(Target { region, grids, tag })
    }

    /// The region it is published in.
    pub fn region(&self) -> &RegionCode {
        &self.region
    }

    /// The grids it is limited to (none: the whole region).
    pub fn grids(&self) -> &[GridCode] {
        &self.grids
    }

    /// The tag it is limited to.
    pub fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }

    /// The code prefixes whose buildings it reaches: its grids', else its region's.
    pub fn prefixes(&self) -> Vec<String> {
        if self.grids.is_empty() {
            vec![self.region.prefix().to_owned()]
        } else {
            self.grids.iter().map(|g| g.as_str().to_owned()).collect()
        }
    }
}

/// When a notice shows: from `publish_at` (now when not given) until
/// `expires_at` (for good when not given), checked against `now`.
pub fn window(
    now: DateTime<Utc>,
    publish_at: Option<DateTime<Utc>>,
    expires_at: Option<DateTime<Utc>>,
) -> Result<(DateTime<Utc>, Option<DateTime<Utc>>), NoticeProblem> {
    // A minute's grace: the form's time is typed to the minute.
    let from = match publish_at {
        Some(at) if at < now - Duration::minutes(1) || at > now + Duration::days(AHEAD_DAYS) => {
            return Err(NoticeProblem::PublishAt);
        }
        Some(at) => at.max(now),
        None => now,
    };
    if let Some(until) = expires_at
        && (until <= from || until > from + Duration::days(UP_DAYS))
    {
        return Err(NoticeProblem::ExpiresAt);
    }
    Ok((from, expires_at))
}

/// A title and a text, trimmed and within their lengths.
pub fn words(title: &str, body: &str) -> Result<(String, String), NoticeProblem> {
    let title = title.trim();
    if title.is_empty() || title.chars().count() > TITLE_MAX {
        return Err(NoticeProblem::Title);
    }
    let body = body.trim().replace("\r\n", "\n");
    if body.is_empty() || body.chars().count() > BODY_MAX {
        return Err(NoticeProblem::Body);
    }
    Ok((title.to_owned(), body))
}

/// A piece of a notice's text as it is laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph: its lines.
    Para(Vec<String>),
    /// A list: lines typed starting with `-`, `·` or `•`.
    List(Vec<String>),
}

/// The text laid out: blank lines part paragraphs, lines starting with a
/// bullet make a list. Nothing else is markup, so the text is shown as
/// typed (escaped by the page).
pub fn blocks(body: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut open = false;
    for line in body.lines().map(str::trim) {
        if line.is_empty() {
            open = false;
            continue;
        }
        let item = ["- ", "-", "· ", "·", "• ", "•"].iter().find_map(|b| line.strip_prefix(b)).map(str::trim);
        match (item, out.last_mut()) {
            (Some(i), Some(Block::List(items))) if open => items.push(i.to_owned()),
            (Some(i), _) => out.push(Block::List(vec![i.to_owned()])),
            (None, Some(Block::Para(lines))) if open => lines.push(line.to_owned()),
            (None, _) => out.push(Block::Para(vec![line.to_owned()])),
        }
        open = true;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(code: &str) -> RegionCode {
        RegionCode::parse(code).unwrap()
    }

    #[test]
    fn a_target_keeps_to_its_region() {
        let grid = GridCode::parse("141102001002001").unwrap();
        let other = GridCode::parse("141102002006001").unwrap();
        let t = Target::new(region("141102001002"), vec![grid.clone(), grid.clone()], Some(" 独居老人 ")).unwrap();
        assert_eq!((t.grids().len(), t.tag()), (1, Some("独居老人")));
        assert_eq!(t.prefixes(), ["141102001002001"]);
        assert_eq!(Target::new(region("141102001002"), vec![other], None), Err(NoticeProblem::GridOutside));
        // A street's notice may name a grid of any of its communities.
        assert!(Target::new(region("141102001"), vec![grid], None).is_ok());
        assert_eq!(Target::new(region("141102"), vec![], None).unwrap().prefixes(), ["141102"]);
        for bad in ["a,b", "50%", "a_b", &"长".repeat(17)] {
            assert_eq!(Target::new(region("141102"), vec![], Some(bad)), Err(NoticeProblem::Tag), "{bad}");
        }
        let many: Vec<GridCode> = (1..=51).map(|n| GridCode::parse(&format!("141102001002{n:03}")).unwrap()).collect();
        assert_eq!(Target::new(region("141102001002"), many, None), Err(NoticeProblem::TooManyGrids));
    }

    #[test]
    fn a_notice_shows_from_now_or_later_and_comes_down_after() {
        let now = Utc::now();
        assert_eq!(window(now, None, None), Ok((now, None)));
        let later = now + Duration::days(2);
        assert_eq!(
            window(now, Some(later), Some(later + Duration::days(1))),
            Ok((later, Some(later + Duration::days(1))))
        );
        assert_eq!(window(now, Some(now - Duration::days(1)), None), Err(NoticeProblem::PublishAt));
        assert_eq!(window(now, Some(now + Duration::days(91)), None), Err(NoticeProblem::PublishAt));
        assert_eq!(window(now, Some(later), Some(later)), Err(NoticeProblem::ExpiresAt));
        assert_eq!(window(now, None, Some(now + Duration::days(367))), Err(NoticeProblem::ExpiresAt));
    }

    #[test]
    fn titles_and_texts_have_their_lengths() {
        assert_eq!(words("  停水通知 ", " 明天停水\r\n"), Ok(("停水通知".into(), "明天停水".into())));
        assert_eq!(words("", "x"), Err(NoticeProblem::Title));
        assert_eq!(words(&"长".repeat(61), "x"), Err(NoticeProblem::Title));
        assert_eq!(words("t", "  "), Err(NoticeProblem::Body));
        assert_eq!(words("t", &"字".repeat(5_001)), Err(NoticeProblem::Body));
    }

    #[test]
    fn the_text_is_laid_out_in_paragraphs_and_lists() {
        let body = "各位居民：\n明天停水。\n\n请提前储水：\n- 厨房\n· 卫生间\n\n谢谢配合";
        assert_eq!(
            blocks(body),
            [
                Block::Para(vec!["各位居民：".into(), "明天停水。".into()]),
                Block::Para(vec!["请提前储水：".into()]),
                Block::List(vec!["厨房".into(), "卫生间".into()]),
                Block::Para(vec!["谢谢配合".into()]),
            ]
        );
        assert_eq!(blocks("<script>"), [Block::Para(vec!["<script>".into()])], "no markup: escaped by the page");
    }

    #[test]
    fn attachments_are_pdf_files_named_safely() {
        let pdf = b"%PDF-1.7 ...".to_vec();
        let names =
            attachments(&[("C:\\docs\\停水\"范围\".pdf".into(), pdf.clone()), ("../x".into(), pdf.clone())]).unwrap();
        assert_eq!(names, vec!["停水范围.pdf", "x.pdf"]);
        assert_eq!(attachments(&[("a.pdf".into(), b"MZ not a pdf".to_vec())]), Err(NoticeProblem::Attachment));
        let big = [b"%PDF-".as_slice(), &vec![0u8; ATTACHMENT_BYTES]].concat();
        assert_eq!(attachments(&[("a.pdf".into(), big)]), Err(NoticeProblem::Attachment));
        let four = vec![("a.pdf".to_owned(), pdf); 4];
        assert_eq!(attachments(&four), Err(NoticeProblem::Attachment));
    }
}
