//! An EPUB file as staff upload it: a stranger's zip, checked before it is
//! kept. What it unpacks to is counted (the sizes a zip declares can lie),
//! its parts' names must stay inside the book, and it must be an EPUB: the
//! `mimetype` part saying `application/epub+zip`, a `META-INF/container.xml`
//! naming the package document, and a package (OPF) with a reading order.

use std::io::Read;

use quick_xml::events::Event;

/// The largest EPUB file taken (an illustrated novel is a few MB).
pub const MAX_BYTES: usize = 30 * 1024 * 1024;
/// The most an EPUB may unpack to.
pub const MAX_UNPACKED: u64 = 120 * 1024 * 1024;
/// The most one part may unpack to (a chapter, a picture, a font): what a
/// reader is served is read whole, so it is bounded on its own.
pub const MAX_PART: u64 = 8 * 1024 * 1024;
/// The most parts an EPUB may have.
pub const MAX_PARTS: usize = 4000;
/// The largest package document or container read.
const MAX_XML: u64 = 2 * 1024 * 1024;

/// Why a file is not taken as an EPUB.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EpubProblem {
    /// Over [`MAX_BYTES`].
    #[error("the file is over the size limit")]
    TooLarge,
    /// Not a zip at all.
    #[error("the file is not a zip archive")]
    NotZip,
    /// More than [`MAX_PARTS`] parts, a part past [`MAX_PART`], or
    /// unpacking past [`MAX_UNPACKED`].
    #[error("the archive unpacks to too much")]
    Unpacks,
    /// A part named outside the book (`../`, an absolute path).
    #[error("a part's name points outside the book")]
    Path,
    /// No `mimetype` part saying `application/epub+zip`.
    #[error("no mimetype application/epub+zip")]
    Mimetype,
    /// No container, or it names no package document that is there.
    #[error("no META-INF/container.xml naming the package")]
    Container,
    /// The package document cannot be read or has no reading order.
    #[error("the package document has no reading order")]
    Package,
}

/// What linli keeps of a checked EPUB.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Epub {
    /// The package document's path in the archive, e.g. `OEBPS/content.opf`.
    pub package: String,
    /// The reading order: each chapter's href as the package names it
    /// (relative to the package document), as readers report positions.
    pub spine: Vec<String>,
    /// The title the package gives, if any.
    pub title: Option<String>,
    /// The first creator the package gives, if any.
    pub author: Option<String>,
    /// The cover image's path in the archive, if the package names one.
    pub cover: Option<String>,
}

/// Whether a part's name stays inside the book.
pub fn safe_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && !name.contains('\\')
        && !name.contains('\0')
        && name.split('/').all(|s| s != ".." && s != ".")
}

/// Checks an EPUB and reads its package.
pub fn inspect(bytes: &[u8]) -> Result<Epub, EpubProblem> {
    if bytes.len() > MAX_BYTES {
        return Err(EpubProblem::TooLarge);
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| EpubProblem::NotZip)?;
    if zip.len() > MAX_PARTS {
        return Err(EpubProblem::Unpacks);
    }
    let mut left = MAX_UNPACKED;
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|_| EpubProblem::NotZip)?;
        if !part.name().is_ok_and(|n| safe_name(&n)) {
            return Err(EpubProblem::Path);
        }
        let out =
            std::io::copy(&mut (&mut part).take(left + 1), &mut std::io::sink()).map_err(|_| EpubProblem::NotZip)?;
        if out > left {
            return Err(EpubProblem::Unpacks);
        }
        left -= out;
    }
    let mimetype = read_part(&mut zip, "mimetype").ok_or(EpubProblem::Mimetype)?;
    if mimetype.trim() != "application/epub+zip" {
        return Err(EpubProblem::Mimetype);
    }
    let container = read_part(&mut zip, "META-INF/container.xml").ok_or(EpubProblem::Container)?;
    let package = rootfile(&container).ok_or(EpubProblem::Container)?;
    let opf = read_part(&mut zip, &package).ok_or(EpubProblem::Container)?;
    let (spine, title, author, cover) = read_package(&opf).ok_or(EpubProblem::Package)?;
    let base = package.rsplit_once('/').map(|(d, _)| format!("{d}/")).unwrap_or_default();
    // Every chapter of the reading order must be in the archive.
    if spine.is_empty() || spine.iter().any(|h| zip.index_for_name(&resolve(&base, h)).is_none()) {
        return Err(EpubProblem::Package);
    }
    let cover = cover.map(|h| resolve(&base, &h)).filter(|c| zip.index_for_name(c).is_some());
    Ok(Epub { package, spine, title, author, cover })
}

/// A part's bytes from an EPUB already checked, if it is there and no
/// larger than `max`.
pub fn part(bytes: &[u8], name: &str, max: u64) -> Option<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let entry = zip.by_name(name).ok()?;
    let mut out = Vec::new();
    entry.take(max + 1).read_to_end(&mut out).ok()?;
    (out.len() as u64 <= max).then_some(out)
}

/// A part's text, if it is there, small enough and UTF-8.
fn read_part(zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>, name: &str) -> Option<String> {
    let part = zip.by_name(name).ok()?;
    let mut text = String::new();
    part.take(MAX_XML).read_to_string(&mut text).ok()?;
    Some(text)
}

/// An href relative to the package document, as a path in the archive
/// (fragments and percent-escapes of spaces taken off).
pub fn resolve(base: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap_or_default().replace("%20", " ");
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for s in href.split('/') {
        match s {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn attr(e: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    let a = e.attributes().flatten().find(|a| a.key.local_name().as_ref() == name)?;
    a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned())
}

/// The package document the container names.
fn rootfile(xml: &str) -> Option<String> {
    let mut r = quick_xml::Reader::from_str(xml);
    loop {
        match r.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "rootfile" => {
                let path = attr(&e, "full-path")?;
                return safe_name(&path).then_some(path);
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// What a package document says: reading order, title, first creator and
/// cover image (EPUB 3's `cover-image` item, or EPUB 2's `meta name="cover"`).
type Package = (Vec<String>, Option<String>, Option<String>, Option<String>);

/// The reading order, title, first creator and cover of a package document.
fn read_package(xml: &str) -> Option<Package> {
    let mut r = quick_xml::Reader::from_str(xml);
    let mut manifest: Vec<(String, String)> = Vec::new();
    let (mut cover_item, mut cover_id) = (None::<String>, None::<String>);
    let mut order: Vec<String> = Vec::new();
    let (mut title, mut author) = (None::<String>, None::<String>);
    let mut reading: Option<&'static str> = None;
    let mut text = String::new();
    loop {
        match r.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "item" => {
                    if let (Some(id), Some(href)) = (attr(&e, "id"), attr(&e, "href")) {
                        if attr(&e, "properties").is_some_and(|p| p.split(' ').any(|x| x == "cover-image")) {
                            cover_item = Some(href.clone());
                        }
                        manifest.push((id, href));
                    }
                }
                "meta" if attr(&e, "name").as_deref() == Some("cover") => cover_id = attr(&e, "content"),
                "itemref" => order.extend(attr(&e, "idref")),
                "title" if title.is_none() => reading = Some("title"),
                "creator" if author.is_none() => reading = Some("creator"),
                _ => {}
            },
            Event::Text(t) if reading.is_some() => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if reading.is_some() => text.push_str(match &*r.xml10_content() {
                "amp" => "&",
                "lt" => "<",
                "gt" => ">",
                "quot" => "\"",
                "apos" => "'",
                _ => "",
            }),
            Event::End(_) => {
                let done = std::mem::take(&mut text).trim().to_owned();
                match reading.take() {
                    Some("title") if !done.is_empty() => title = Some(done),
                    Some("creator") if !done.is_empty() => author = Some(done),
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let spine = order
        .iter()
        .filter_map(|idref| manifest.iter().find(|(id, _)| id == idref).map(|(_, href)| href.clone()))
        .collect();
    let cover = cover_item.or_else(|| {
        let id = cover_id?;
        manifest.iter().find(|(i, _)| *i == id).map(|(_, h)| h.clone())
    });
    Some((spine, title, author, cover))
}

/// An EPUB made from chapters of text, for the demo and tests: a real
/// EPUB 3 that readers open.
pub fn make(title: &str, author: &str, chapters: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut put = |name: &str, text: &str, options: SimpleFileOptions| {
        z.start_file(name, options).expect("a new part in memory");
        z.write_all(text.as_bytes()).expect("writing to memory");
    };
    put("mimetype", "application/epub+zip", stored);
    put(
        "META-INF/container.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#,
        deflated,
    );
    let mut items = String::new();
    let mut refs = String::new();
    let mut nav = String::new();
    for (i, (heading, body)) in chapters.iter().enumerate() {
        let n = i + 1;
        items.push_str(&format!(r#"<item id="c{n}" href="text/c{n}.xhtml" media-type="application/xhtml+xml"/>"#));
        refs.push_str(&format!(r#"<itemref idref="c{n}"/>"#));
        nav.push_str(&format!(r#"<li><a href="text/c{n}.xhtml">{}</a></li>"#, esc(heading)));
        let paragraphs: String = body.split("\n\n").map(|p| format!("<p>{}</p>", esc(p.trim()))).collect();
        put(
            &format!("OEBPS/text/c{n}.xhtml"),
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml" lang="zh-CN"><head><title>{h}</title><link rel="stylesheet" href="../book.css"/></head><body><h2>{h}</h2>{paragraphs}</body></html>"#,
                h = esc(heading)
            ),
            deflated,
        );
    }
    put("OEBPS/book.css", "body { line-height: 1.8; } h2 { text-align: center; } p { text-indent: 2em; }", deflated);
    put(
        "OEBPS/nav.xhtml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>目录</title></head><body><nav epub:type="toc"><ol>{nav}</ol></nav></body></html>"#
        ),
        deflated,
    );
    put(
        "OEBPS/content.opf",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="uid">urn:linli:{id}</dc:identifier><dc:title>{t}</dc:title><dc:creator>{a}</dc:creator><dc:language>zh-CN</dc:language><meta property="dcterms:modified">2026-01-01T00:00:00Z</meta></metadata><manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/><item id="css" href="book.css" media-type="text/css"/>{items}</manifest><spine>{refs}</spine></package>"#,
            id = super::reading::koreader_hash(title.as_bytes()),
            t = esc(title),
            a = esc(author)
        ),
        deflated,
    );
    z.finish().expect("finishing in memory").into_inner()
}

/// A content type for a part of an EPUB, by its name.
pub fn content_type(name: &str) -> &'static str {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "xhtml" | "xht" => "application/xhtml+xml",
        "html" | "htm" => "text/html; charset=utf-8",
        "opf" => "application/oebps-package+xml",
        "ncx" => "application/x-dtbncx+xml",
        "xml" => "application/xml",
        "css" => "text/css",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rezip(parts: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, bytes) in parts {
            z.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            z.write_all(bytes).unwrap();
        }
        z.finish().unwrap().into_inner()
    }

    #[test]
    fn a_made_epub_is_read_back() {
        let book = make("社区读书会 & 手册", "邻里编辑组", &[("第一章", "甲\n\n乙"), ("第二章", "丙")]);
        let e = inspect(&book).unwrap();
        assert_eq!(e.package, "OEBPS/content.opf");
        assert_eq!(e.spine, ["text/c1.xhtml", "text/c2.xhtml"]);
        assert_eq!(e.title.as_deref(), Some("社区读书会 & 手册"));
        assert_eq!(e.author.as_deref(), Some("邻里编辑组"));
        assert_eq!(e.cover, None);
    }

    #[test]
    fn a_cover_is_found_in_either_form() {
        let container = br#"<container><rootfiles><rootfile full-path="OPS/p.opf"/></rootfiles></container>"#;
        let opf3 = br#"<package><manifest><item id="a" href="a.xhtml"/><item id="c" href="img/c.jpg" properties="cover-image"/></manifest><spine><itemref idref="a"/></spine></package>"#;
        let opf2 = br#"<package><metadata><meta name="cover" content="c"/></metadata><manifest><item id="a" href="a.xhtml"/><item id="c" href="img/c.jpg"/></manifest><spine><itemref idref="a"/></spine></package>"#;
        for opf in [opf3.as_slice(), opf2.as_slice()] {
            let book = rezip(&[
                ("mimetype", b"application/epub+zip"),
                ("META-INF/container.xml", container),
                ("OPS/p.opf", opf),
                ("OPS/a.xhtml", b"<html/>"),
                ("OPS/img/c.jpg", b"jpeg"),
            ]);
            assert_eq!(inspect(&book).unwrap().cover.as_deref(), Some("OPS/img/c.jpg"));
        }
    }

    #[test]
    fn what_is_not_an_epub_is_refused_with_its_reason() {
        assert_eq!(inspect(b"PK not really"), Err(EpubProblem::NotZip));
        assert_eq!(inspect(&rezip(&[("a.txt", b"x")])), Err(EpubProblem::Mimetype));
        assert_eq!(inspect(&rezip(&[("mimetype", b"application/zip")])), Err(EpubProblem::Mimetype));
        assert_eq!(inspect(&rezip(&[("mimetype", b"application/epub+zip")])), Err(EpubProblem::Container));
        assert_eq!(inspect(&rezip(&[("../evil", b"x")])), Err(EpubProblem::Path));
        let container = br#"<container><rootfiles><rootfile full-path="p.opf"/></rootfiles></container>"#;
        let no_spine = rezip(&[
            ("mimetype", b"application/epub+zip"),
            ("META-INF/container.xml", container),
            ("p.opf", b"<package><manifest/><spine/></package>"),
        ]);
        assert_eq!(inspect(&no_spine), Err(EpubProblem::Package));
        // A chapter the reading order names but the archive lacks.
        let missing = rezip(&[
            ("mimetype", b"application/epub+zip"),
            ("META-INF/container.xml", container),
            ("p.opf", br#"<package><manifest><item id="a" href="a.xhtml"/></manifest><spine><itemref idref="a"/></spine></package>"#),
        ]);
        assert_eq!(inspect(&missing), Err(EpubProblem::Package));
        assert_eq!(inspect(&vec![0u8; MAX_BYTES + 1]), Err(EpubProblem::TooLarge));
    }

    #[test]
    fn a_zip_bomb_is_refused_by_what_comes_out() {
        use std::io::Write;
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        z.start_file("mimetype", o).unwrap();
        z.write_all(b"application/epub+zip").unwrap();
        z.start_file("big.bin", o).unwrap();
        let zeros = vec![0u8; 1024 * 1024];
        for _ in 0..(MAX_UNPACKED / (1024 * 1024) + 1) {
            z.write_all(&zeros).unwrap();
        }
        let bomb = z.finish().unwrap().into_inner();
        assert!(bomb.len() < 1024 * 1024, "small on the wire: {}", bomb.len());
        assert_eq!(inspect(&bomb), Err(EpubProblem::Unpacks));
    }

    #[test]
    fn hrefs_resolve_against_the_package() {
        assert_eq!(resolve("OEBPS/", "text/c1.xhtml#p3"), "OEBPS/text/c1.xhtml");
        assert_eq!(resolve("OEBPS/text/", "../img/a%20b.png"), "OEBPS/img/a b.png");
        assert_eq!(resolve("", "c.xhtml"), "c.xhtml");
        assert!(!safe_name("/etc/passwd") && !safe_name("a/../../b") && safe_name("OEBPS/c.xhtml"));
    }
}
