//! Photos people attach (to events, visits, notices, wishes): the type is read from
//! the content (never the file name), the picture is turned upright and
//! re-encoded — which drops EXIF, GPS and every other metadata block — and
//! a thumbnail is made. Pure computation; storing is the app's.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// The largest photo taken, in bytes.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// The most photos one report or step carries.
pub const MAX_PER_STEP: usize = 3;
/// The longer side of a thumbnail, in pixels.
pub const THUMB: u32 = 320;
/// Pictures are kept at most this long on their longer side.
const KEEP: u32 = 2560;
/// The most pixels a photo may have: 40 megapixels, above what phones save
/// in their ordinary modes (12–50 MP), far below what a small file can
/// claim (a 783 KB PNG can say 16384×16384, 268 MP).
pub const MAX_PIXELS: u64 = 40_000_000;
/// The most a photo may take once decoded: 40 MP at 4 bytes a pixel. A
/// 16-bit or alpha picture reaches it with fewer pixels.
pub const MAX_DECODED_BYTES: u64 = 160 * 1024 * 1024;

/// A picture's type, as its content says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// JPEG.
    Jpeg,
    /// PNG.
    Png,
    /// WebP (kept as JPEG).
    WebP,
}

/// Why a photo was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    /// Over [`MAX_BYTES`].
    #[error("照片不能超过 10 MB")]
    TooLarge,
    /// Not JPEG, PNG or WebP by its content.
    #[error("只收 JPEG、PNG 或 WebP 照片")]
    NotAPhoto,
    /// Says it is a picture but does not decode, or is absurdly large.
    #[error("照片已损坏或尺寸过大，无法打开")]
    Broken,
    /// Its header claims more pixels (or decoded bytes) than are taken.
    #[error(
        "照片像素太多（{width}×{height}），最多 4000 万像素，请缩小后再传 / too many pixels ({width}×{height}): at most 40 megapixels"
    )]
    TooManyPixels {
        /// As the header says.
        width: u32,
        /// As the header says.
        height: u32,
    },
}

/// What a photo's header says, read before a pixel is decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// Its type.
    pub kind: Kind,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// What decoding it takes, in bytes.
    pub decoded_bytes: u64,
}

/// A photo ready to store: the cleaned picture and its thumbnail.
#[derive(Debug, Clone)]
pub struct Cleaned {
    /// `image/jpeg` or `image/png`.
    pub content_type: &'static str,
    /// The picture, upright, without metadata.
    pub bytes: Vec<u8>,
    /// A JPEG at most [`THUMB`] pixels on its longer side.
    pub thumb: Vec<u8>,
    /// Width after turning upright.
    pub width: u32,
    /// Height.
    pub height: u32,
}

/// The type from the first bytes.
pub fn kind(bytes: &[u8]) -> Option<Kind> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Kind::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Kind::Png)
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(Kind::WebP)
    } else {
        None
    }
}

fn jpeg(img: &DynamicImage, quality: u8) -> Result<Vec<u8>, PhotoError> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality).encode_image(&img.to_rgb8()).map_err(|_| PhotoError::Broken)?;
    Ok(out)
}

fn reader(bytes: &[u8], kind: Kind) -> ImageReader<Cursor<&[u8]>> {
    let format = match kind {
        Kind::Jpeg => ImageFormat::Jpeg,
        Kind::Png => ImageFormat::Png,
        Kind::WebP => ImageFormat::WebP,
    };
    // The decoders' own caps too (the PNG decoder's buffers among them).
    let mut limits = Limits::default();
    limits.max_image_width = Some(16_384);
    limits.max_image_height = Some(16_384);
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    reader
}

/// Reads a photo's type and size from its header alone, and refuses it if
/// it is not a photo, is over [`MAX_BYTES`], or would decode to more than
/// [`MAX_PIXELS`] or [`MAX_DECODED_BYTES`].
pub fn inspect(bytes: &[u8]) -> Result<Header, PhotoError> {
    if bytes.len() > MAX_BYTES {
        return Err(PhotoError::TooLarge);
    }
    let kind = kind(bytes).ok_or(PhotoError::NotAPhoto)?;
    let decoder = reader(bytes, kind).into_decoder().map_err(|e| match e {
        image::ImageError::Limits(_) => PhotoError::TooManyPixels { width: 0, height: 0 },
        _ => PhotoError::Broken,
    })?;
    let (width, height) = decoder.dimensions();
    let decoded_bytes = decoder.total_bytes();
    if u64::from(width) * u64::from(height) > MAX_PIXELS || decoded_bytes > MAX_DECODED_BYTES {
        return Err(PhotoError::TooManyPixels { width, height });
    }
    Ok(Header { kind, width, height, decoded_bytes })
}

/// Checks and cleans a photo: its header first ([`inspect`]), then the
/// picture, made at most [`KEEP`] pixels long before it is turned upright
/// (so no second full-size copy is ever made).
pub fn clean(bytes: &[u8]) -> Result<Cleaned, PhotoError> {
    let header = inspect(bytes)?;
    let mut decoder = reader(bytes, header.kind).into_decoder().map_err(|_| PhotoError::Broken)?;
    let orientation = decoder.orientation().map_err(|_| PhotoError::Broken)?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| PhotoError::Broken)?;
    if img.width().max(img.height()) > KEEP {
        // An integer box filter: its only buffer is the result (a smooth
        // filter keeps a float copy of the whole picture, 16 bytes a pixel).
        img = img.thumbnail(KEEP, KEEP);
    }
    img.apply_orientation(orientation);
    let (content_type, cleaned) = match header.kind {
        Kind::Png => {
            let mut out = Vec::new();
            img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png).map_err(|_| PhotoError::Broken)?;
            ("image/png", out)
        }
        Kind::Jpeg | Kind::WebP => ("image/jpeg", jpeg(&img, 85)?),
    };
    let thumb = jpeg(&img.thumbnail(THUMB, THUMB), 80)?;
    Ok(Cleaned { content_type, bytes: cleaned, thumb, width: img.width(), height: img.height() })
}

#[cfg(test)]
mod tests {
    use image::{ImageEncoder, RgbImage};

    use super::*;

    /// A little-endian EXIF block: orientation (tag 0x0112) and a GPS IFD
    /// pointer (tag 0x8825), so that a leak would be visible.
    fn exif(orientation: u8) -> Vec<u8> {
        let mut e = b"II\x2a\x00\x08\x00\x00\x00\x02\x00".to_vec();
        e.extend_from_slice(&[0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, orientation, 0, 0, 0]);
        e.extend_from_slice(&[0x25, 0x88, 0x04, 0x00, 0x01, 0x00, 0x00, 0x00, 0x26, 0, 0, 0]);
        e.extend_from_slice(&[0, 0, 0, 0]);
        e
    }

    fn photo_with_exif(w: u32, h: u32, orientation: u8) -> Vec<u8> {
        let img = RgbImage::from_fn(w, h, |x, _| image::Rgb([(x * 255 / w) as u8, 90, 160]));
        let mut out = Vec::new();
        let mut enc = JpegEncoder::new_with_quality(&mut out, 90);
        enc.set_exif_metadata(exif(orientation)).unwrap();
        enc.write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8).unwrap();
        out
    }

    fn has_exif(bytes: &[u8]) -> bool {
        bytes.windows(6).any(|w| w == b"Exif\0\0")
    }

    #[test]
    fn exif_and_gps_are_stripped_and_the_picture_turned_upright() {
        let raw = photo_with_exif(40, 20, 6);
        assert!(has_exif(&raw), "the fixture carries EXIF");
        let c = clean(&raw).unwrap();
        assert_eq!(c.content_type, "image/jpeg");
        assert!(!has_exif(&c.bytes) && !has_exif(&c.thumb));
        assert_eq!((c.width, c.height), (20, 40), "orientation 6 is a quarter turn");
        assert_eq!(kind(&c.thumb), Some(Kind::Jpeg));
    }

    #[test]
    fn the_type_comes_from_the_content() {
        assert_eq!(clean(b"GIF89a\x01\x00\x01\x00").unwrap_err(), PhotoError::NotAPhoto);
        assert_eq!(clean(b"<html>not a photo</html>").unwrap_err(), PhotoError::NotAPhoto);
        let mut truncated = photo_with_exif(40, 20, 1);
        truncated.truncate(200);
        assert_eq!(clean(&truncated).unwrap_err(), PhotoError::Broken);
        assert_eq!(clean(&vec![0xFF; MAX_BYTES + 1]).unwrap_err(), PhotoError::TooLarge);
    }

    /// A PNG whose header claims `w`×`h` with the little data of a 1×1
    /// picture: IHDR patched and its CRC made right again.
    fn png_claiming(w: u32, h: u32) -> Vec<u8> {
        let mut png = Vec::new();
        image::codecs::png::PngEncoder::new(&mut png)
            .write_image(&[1, 2, 3], 1, 1, image::ExtendedColorType::Rgb8)
            .unwrap();
        // Signature (8), length (4), "IHDR" (4), then width and height.
        png[16..20].copy_from_slice(&w.to_be_bytes());
        png[20..24].copy_from_slice(&h.to_be_bytes());
        let crc = crc32(&png[12..29]);
        png[29..33].copy_from_slice(&crc.to_be_bytes());
        png
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for b in bytes {
            crc ^= u32::from(*b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    #[test]
    fn a_huge_canvas_is_refused_from_its_header_before_decoding() {
        let bomb = png_claiming(16_384, 16_384);
        assert!(bomb.len() < 100);
        let e = inspect(&bomb).unwrap_err();
        assert_eq!(e, PhotoError::TooManyPixels { width: 16_384, height: 16_384 });
        assert!(e.to_string().contains("4000 万像素"));
        assert_eq!(clean(&bomb).unwrap_err(), e, "clean refuses it the same way");
        // Just over 40 megapixels; and a canvas past every decoder's limit.
        assert!(matches!(inspect(&png_claiming(8000, 5001)), Err(PhotoError::TooManyPixels { .. })));
        assert!(matches!(inspect(&png_claiming(100_000, 1)), Err(PhotoError::TooManyPixels { .. })));
        // At the bound the header passes (the data would then be found short).
        let h = inspect(&png_claiming(8000, 5000)).unwrap();
        assert_eq!((h.width, h.height, h.decoded_bytes), (8000, 5000, 120_000_000));
        assert_eq!(clean(&png_claiming(8000, 5000)).unwrap_err(), PhotoError::Broken);
    }

    #[test]
    fn a_tall_photo_is_kept_at_most_keep_long_and_turned_upright_after() {
        let raw = photo_with_exif(3000, 200, 6);
        let c = clean(&raw).unwrap();
        assert_eq!((c.width, c.height), (171, KEEP), "made 2560 long, then a quarter turn");
    }

    #[test]
    fn png_stays_png_and_thumbnails_are_small() {
        let img = RgbImage::from_pixel(1000, 500, image::Rgb([10, 200, 30]));
        let mut png = Vec::new();
        image::codecs::png::PngEncoder::new(&mut png)
            .write_image(img.as_raw(), 1000, 500, image::ExtendedColorType::Rgb8)
            .unwrap();
        let c = clean(&png).unwrap();
        assert_eq!((c.content_type, c.width, c.height), ("image/png", 1000, 500));
        let thumb = image::load_from_memory(&c.thumb).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (THUMB, THUMB / 2));
    }
}
