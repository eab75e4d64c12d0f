//! Photos residents and handlers attach to events: the type is read from
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

/// Checks and cleans a photo.
pub fn clean(bytes: &[u8]) -> Result<Cleaned, PhotoError> {
    if bytes.len() > MAX_BYTES {
        return Err(PhotoError::TooLarge);
    }
    let kind = kind(bytes).ok_or(PhotoError::NotAPhoto)?;
    let format = match kind {
        Kind::Jpeg => ImageFormat::Jpeg,
        Kind::Png => ImageFormat::Png,
        Kind::WebP => ImageFormat::WebP,
    };
    // A small file can claim a huge canvas: cap what decoding may allocate.
    let mut limits = Limits::default();
    limits.max_image_width = Some(16_384);
    limits.max_image_height = Some(16_384);
    limits.max_alloc = Some(512 * 1024 * 1024);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| PhotoError::Broken)?;
    let orientation = decoder.orientation().map_err(|_| PhotoError::Broken)?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| PhotoError::Broken)?;
    img.apply_orientation(orientation);
    if img.width().max(img.height()) > KEEP {
        img = img.resize(KEEP, KEEP, image::imageops::FilterType::Triangle);
    }
    let (content_type, cleaned) = match kind {
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
