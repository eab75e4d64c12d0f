//! Recordings for 有声党建 study items: what a file is is read from its
//! bytes (never from its name or the type the browser claims), and so is
//! its length, which is how long a listener takes to reach the end.
//!
//! MP3 (MPEG-1/2/2.5 layer III, with or without an ID3v2 tag) and M4A
//! (an ISO base media file whose tracks are all sound) are taken; the
//! length comes from a Xing/Info or VBRI header, the bit rate of a
//! constant-rate MP3, or the M4A's movie header.

use thiserror::Error;

/// The largest recording taken (about 40 minutes at 64 kbit/s, 20 at 128).
pub const MAX_BYTES: usize = 20 * 1024 * 1024;
/// The shortest recording that makes a study item.
pub const MIN_SECONDS: u64 = 10;
/// The longest.
pub const MAX_SECONDS: u64 = 2 * 60 * 60;

/// What kind of recording a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// MPEG layer III.
    Mp3,
    /// AAC in an MPEG-4 container.
    M4a,
}

impl Kind {
    /// Its media type.
    pub fn content_type(self) -> &'static str {
        match self {
            Kind::Mp3 => "audio/mpeg",
            Kind::M4a => "audio/mp4",
        }
    }

    /// The kind a stored media type names.
    pub fn from_content_type(s: &str) -> Option<Kind> {
        match s {
            "audio/mpeg" => Some(Kind::Mp3),
            "audio/mp4" => Some(Kind::M4a),
            _ => None,
        }
    }
}

/// A recording that was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recording {
    /// MP3 or M4A.
    pub kind: Kind,
    /// Its length, in whole seconds (rounded up).
    pub seconds: u64,
}

/// Why a file is not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum AudioError {
    /// Larger than [`MAX_BYTES`].
    #[error("the recording is larger than {} MB", MAX_BYTES / 1024 / 1024)]
    TooLarge,
    /// Neither MP3 nor M4A.
    #[error("the file is not an MP3 or M4A recording")]
    NotAudio,
    /// Its length could not be read, or is out of bounds.
    #[error("the recording is shorter than {MIN_SECONDS} seconds or longer than two hours")]
    Length,
}

/// Checks a recording: its kind and its length.
pub fn inspect(bytes: &[u8]) -> Result<Recording, AudioError> {
    if bytes.len() > MAX_BYTES {
        return Err(AudioError::TooLarge);
    }
    let (kind, millis) =
        if let Some(m) = m4a_millis(bytes)? { (Kind::M4a, m) } else { (Kind::Mp3, mp3_millis(bytes)?) };
    let seconds = millis.div_ceil(1000);
    if !(MIN_SECONDS..=MAX_SECONDS).contains(&seconds) {
        return Err(AudioError::Length);
    }
    Ok(Recording { kind, seconds })
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4).map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
}

fn be64(b: &[u8], at: usize) -> Option<u64> {
    b.get(at..at + 8).map(|s| u64::from_be_bytes(s.try_into().expect("eight bytes")))
}

/// The boxes directly inside `b`: (type, contents). Stops at the first box
/// whose size does not fit.
fn boxes(b: &[u8]) -> Vec<([u8; 4], &[u8])> {
    let mut out = Vec::new();
    let mut at = 0usize;
    // A file of boxes of 8 bytes each is at most this many; the bound keeps
    // a crafted file from making the walk long.
    while at + 8 <= b.len() && out.len() < 4096 {
        let Some(size32) = be32(b, at) else { break };
        let kind: [u8; 4] = b[at + 4..at + 8].try_into().expect("four bytes");
        let (header, size) = match size32 {
            0 => (8, (b.len() - at) as u64),
            1 => match be64(b, at + 8) {
                Some(s) => (16, s),
                None => break,
            },
            s => (8, u64::from(s)),
        };
        let Ok(size) = usize::try_from(size) else { break };
        if size < header || at.checked_add(size).is_none_or(|end| end > b.len()) {
            break;
        }
        out.push((kind, &b[at + header..at + size]));
        at += size;
    }
    out
}

fn child<'a>(b: &'a [u8], kind: &[u8; 4]) -> Option<&'a [u8]> {
    boxes(b).into_iter().find(|(k, _)| k == kind).map(|(_, c)| c)
}

/// The length of an M4A in milliseconds; `None` when the file is not an
/// ISO base media file at all (it may still be an MP3).
fn m4a_millis(b: &[u8]) -> Result<Option<u64>, AudioError> {
    if b.get(4..8) != Some(b"ftyp") {
        return Ok(None);
    }
    let top = boxes(b);
    let brand = top.first().and_then(|(_, c)| c.get(0..4)).ok_or(AudioError::NotAudio)?;
    const BRANDS: [&[u8]; 7] = [b"M4A ", b"M4B ", b"mp42", b"mp41", b"isom", b"iso2", b"dash"];
    if !BRANDS.contains(&brand) {
        return Err(AudioError::NotAudio);
    }
    let moov = top.iter().find(|(k, _)| k == b"moov").map(|(_, c)| *c).ok_or(AudioError::NotAudio)?;
    // Every track is sound: a film with a sound track is not a recording.
    let mut tracks = 0;
    for (k, trak) in boxes(moov) {
        if &k != b"trak" {
            continue;
        }
        let handler = child(trak, b"mdia").and_then(|m| child(m, b"hdlr")).and_then(|h| h.get(8..12));
        if handler != Some(b"soun".as_slice()) {
            return Err(AudioError::NotAudio);
        }
        tracks += 1;
    }
    if tracks == 0 {
        return Err(AudioError::NotAudio);
    }
    let mvhd = child(moov, b"mvhd").ok_or(AudioError::Length)?;
    let (scale, length) = match mvhd.first() {
        Some(0) => (be32(mvhd, 12), be32(mvhd, 16).map(u64::from)),
        Some(1) => (be32(mvhd, 20), be64(mvhd, 24)),
        _ => (None, None),
    };
    match (scale, length) {
        (Some(s), Some(l)) if s > 0 => Ok(Some(l.saturating_mul(1000) / u64::from(s))),
        _ => Err(AudioError::Length),
    }
}

/// An MPEG audio frame header.
#[derive(Debug, Clone, Copy)]
struct Frame {
    mpeg1: bool,
    mono: bool,
    bitrate_kbps: u32,
    sample_rate: u32,
    len: usize,
}

impl Frame {
    fn samples(self) -> u64 {
        if self.mpeg1 { 1152 } else { 576 }
    }
}

/// Reads a layer III frame header at `at`.
fn frame_at(b: &[u8], at: usize) -> Option<Frame> {
    let h = b.get(at..at + 4)?;
    if h[0] != 0xFF || h[1] & 0xE0 != 0xE0 {
        return None;
    }
    let version = (h[1] >> 3) & 0b11; // 00: 2.5, 10: 2, 11: 1
    let layer = (h[1] >> 1) & 0b11; // 01: layer III
    if version == 0b01 || layer != 0b01 {
        return None;
    }
    let mpeg1 = version == 0b11;
    const V1: [u32; 15] = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
    const V2: [u32; 15] = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
    let index = usize::from(h[2] >> 4);
    let bitrate_kbps = *(if mpeg1 { V1.as_slice() } else { V2.as_slice() }).get(index)?;
    if bitrate_kbps == 0 {
        return None; // free format: no length to read
    }
    let base = [44_100u32, 48_000, 32_000].get(usize::from((h[2] >> 2) & 0b11)).copied()?;
    let sample_rate = match version {
        0b11 => base,
        0b10 => base / 2,
        _ => base / 4,
    };
    let padding = usize::from((h[2] >> 1) & 1);
    let per_frame = if mpeg1 { 144 } else { 72 };
    let len = (per_frame * bitrate_kbps as usize * 1000) / sample_rate as usize + padding;
    Some(Frame { mpeg1, mono: h[3] >> 6 == 0b11, bitrate_kbps, sample_rate, len })
}

/// The length of an MP3 in milliseconds.
fn mp3_millis(b: &[u8]) -> Result<u64, AudioError> {
    let mut at = 0usize;
    // An ID3v2 tag first (its size is four 7-bit bytes), perhaps a footer.
    if b.starts_with(b"ID3") && b.len() >= 10 {
        let size = b[6..10].iter().fold(0usize, |n, x| (n << 7) | usize::from(x & 0x7F));
        at = 10 + size + if b[5] & 0x10 != 0 { 10 } else { 0 };
    }
    // The first frame within a little padding after the tag, confirmed by
    // the frames that follow it (a stray 0xFFE is not a recording).
    let window = b.len().min(at.saturating_add(64 * 1024));
    let start = (at..window)
        .find(|&i| {
            let Some(f) = frame_at(b, i) else { return false };
            let mut next = i + f.len;
            for _ in 0..3 {
                match frame_at(b, next) {
                    Some(g) if g.sample_rate == f.sample_rate => next += g.len,
                    _ => return next >= b.len(),
                }
            }
            true
        })
        .ok_or(AudioError::NotAudio)?;
    let f = frame_at(b, start).ok_or(AudioError::NotAudio)?;
    // A Xing/Info header (after the side information) or a VBRI header
    // (32 bytes after the frame header) counts the frames.
    let side = match (f.mpeg1, f.mono) {
        (true, false) => 32,
        (true, true) | (false, false) => 17,
        (false, true) => 9,
    };
    let xing = start + 4 + side;
    let frames = match b.get(xing..xing + 4) {
        Some(tag) if tag == b"Xing" || tag == b"Info" => {
            let flags = be32(b, xing + 4).ok_or(AudioError::Length)?;
            if flags & 1 == 1 { be32(b, xing + 8) } else { None }
        }
        _ => match b.get(start + 36..start + 40) {
            Some(tag) if tag == b"VBRI" => be32(b, start + 36 + 14),
            _ => None,
        },
    };
    Ok(match frames {
        Some(n) if n > 0 => u64::from(n) * f.samples() * 1000 / u64::from(f.sample_rate),
        // Constant bit rate: the audio's bytes at that rate.
        _ => ((b.len() - start) as u64).saturating_mul(8) / u64::from(f.bitrate_kbps),
    })
}

/// A silent MP3 of `seconds` (MPEG-1 layer III, 128 kbit/s, 44.1 kHz,
/// with an ID3v2 tag in front), for the demo's study item and the tests.
pub fn silence(seconds: u32) -> Vec<u8> {
    let mut b = b"ID3\x04\x00\x00\x00\x00\x00\x0a".to_vec();
    b.extend_from_slice(&[0u8; 10]);
    let frames = seconds as usize * 44_100 / 1152 + 1;
    for i in 0..frames {
        // 417 bytes a frame at this rate, 418 with the padding byte.
        let padded = i % 3 != 0;
        let len = if padded { 418 } else { 417 };
        b.extend_from_slice(&[0xFF, 0xFB, 0x90 | if padded { 0x02 } else { 0 }, 0x64]);
        b.resize(b.len() + len - 4, 0);
    }
    b
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An M4A (ftyp, moov with one sound track and a movie header).
    pub(crate) fn m4a(seconds: u32, handler: &[u8; 4]) -> Vec<u8> {
        fn boxed(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
            let mut b = ((body.len() + 8) as u32).to_be_bytes().to_vec();
            b.extend_from_slice(kind);
            b.extend_from_slice(body);
            b
        }
        let mut mvhd = vec![0u8; 4 + 8];
        mvhd.extend_from_slice(&1000u32.to_be_bytes());
        mvhd.extend_from_slice(&(seconds * 1000).to_be_bytes());
        mvhd.resize(100, 0);
        let mut hdlr = vec![0u8; 8];
        hdlr.extend_from_slice(handler);
        hdlr.resize(24, 0);
        let trak = boxed(b"trak", &boxed(b"mdia", &boxed(b"hdlr", &hdlr)));
        let mut moov = boxed(b"mvhd", &mvhd);
        moov.extend_from_slice(&trak);
        let mut b = boxed(b"ftyp", b"M4A \x00\x00\x00\x00M4A isom");
        b.extend_from_slice(&boxed(b"moov", &moov));
        b.extend_from_slice(&boxed(b"mdat", &[0u8; 256]));
        b
    }

    #[test]
    fn a_constant_rate_mp3_is_as_long_as_its_bytes_at_its_rate() {
        let r = inspect(&silence(90)).unwrap();
        assert_eq!(r.kind, Kind::Mp3);
        assert!((90..=91).contains(&r.seconds), "{r:?}");
    }

    #[test]
    fn a_xing_header_counts_the_frames() {
        let mut b = silence(30);
        // The first frame (after the 20-byte tag) carries Xing: 2,296 frames ≈ 59.98 s.
        let xing = 20 + 4 + 32;
        b[xing..xing + 4].copy_from_slice(b"Xing");
        b[xing + 4..xing + 8].copy_from_slice(&1u32.to_be_bytes());
        b[xing + 8..xing + 12].copy_from_slice(&2296u32.to_be_bytes());
        assert_eq!(inspect(&b).unwrap().seconds, 60);
    }

    #[test]
    fn an_m4a_is_as_long_as_its_movie_header_says() {
        let r = inspect(&m4a(300, b"soun")).unwrap();
        assert_eq!((r.kind, r.seconds), (Kind::M4a, 300));
    }

    #[test]
    fn what_is_not_a_recording_is_refused() {
        assert_eq!(inspect(b"hello, this is a text file").unwrap_err(), AudioError::NotAudio);
        assert_eq!(inspect(&m4a(300, b"vide")).unwrap_err(), AudioError::NotAudio, "a film");
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.resize(5000, 0);
        assert_eq!(inspect(&png).unwrap_err(), AudioError::NotAudio);
        // One frame header among noise is not a recording.
        let mut stray = vec![0x11u8; 5000];
        stray[100..104].copy_from_slice(&[0xFF, 0xFB, 0x90, 0x64]);
        assert_eq!(inspect(&stray).unwrap_err(), AudioError::NotAudio);
        assert_eq!(inspect(&vec![0u8; MAX_BYTES + 1]).unwrap_err(), AudioError::TooLarge);
    }

    #[test]
    fn too_short_and_too_long_are_refused() {
        assert_eq!(inspect(&silence(3)).unwrap_err(), AudioError::Length);
        assert_eq!(inspect(&m4a(3 * 60 * 60, b"soun")).unwrap_err(), AudioError::Length);
    }

    #[test]
    fn crafted_boxes_do_not_panic() {
        let mut b = m4a(60, b"soun");
        // A box claiming more than the file, and one claiming 64-bit size 0.
        b[0..4].copy_from_slice(&u32::MAX.to_be_bytes());
        let _ = inspect(&b);
        let mut c = m4a(60, b"soun");
        c[20..24].copy_from_slice(&1u32.to_be_bytes());
        let _ = inspect(&c);
        for cut in [9, 30, 60, 120] {
            let _ = inspect(&m4a(60, b"soun")[..cut]);
            let _ = inspect(&silence(20)[..cut]);
        }
    }
}
