//! The secret key that protects personal data: kept outside the database in
//! a file of the data folder (created on first start, mode 0600) or in
//! `LINLI_SECRET_KEY`. From it come an AES-256-GCM key that seals values and
//! an HMAC key that makes look-up hashes.

use std::io::Write;
use std::path::{Path, PathBuf};

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// The key file's name in the data folder.
pub const KEY_FILE: &str = "linli.key";

/// Why the keys could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The file or variable does not hold 64 hex digits.
    #[error("密钥格式有误 / the secret key in {0} must be 64 hexadecimal digits")]
    Malformed(String),
    /// The file cannot be read or written.
    #[error("无法读写密钥文件 / cannot use the key file {path}: {reason}")]
    Io {
        /// The file.
        path: String,
        /// The system's words.
        reason: String,
    },
}

/// A sealed value could not be opened: wrong key or altered data.
#[derive(Debug, thiserror::Error)]
#[error("a sealed value could not be opened (wrong key or altered data)")]
pub struct OpenError;

/// The keys in force.
pub struct Keys {
    cipher: Aes256Gcm,
    mac: [u8; 32],
    /// Short fingerprint of the master key, stored with each sealed value.
    id: String,
}

fn derive(master: &[u8; 32], label: &str) -> [u8; 32] {
    let mut m = <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(master).expect("HMAC takes any key length");
    m.update(label.as_bytes());
    m.finalize().into_bytes().into()
}

/// Random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).expect("the operating system provides randomness");
    b
}

/// A random token for cookies and one-time secrets (URL-safe, 256 bits).
pub fn random_token() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<32>())
}

/// SHA-256 in hex: for values that are themselves random (session tokens).
pub fn sha256_hex(value: &str) -> String {
    hex::encode(Sha256::digest(value.as_bytes()))
}

fn parse_hex_key(text: &str, origin: &str) -> Result<[u8; 32], KeyError> {
    let bytes = hex::decode(text.trim()).map_err(|_| KeyError::Malformed(origin.to_owned()))?;
    bytes.try_into().map_err(|_| KeyError::Malformed(origin.to_owned()))
}

impl Keys {
    /// From a 32-byte master key.
    pub fn from_master(master: &[u8; 32]) -> Keys {
        let enc = derive(master, "linli/seal/v1");
        let id = hex::encode(&Sha256::digest(master)[..4]);
        Keys { cipher: Aes256Gcm::new(&enc.into()), mac: derive(master, "linli/lookup/v1"), id }
    }

    /// `LINLI_SECRET_KEY` if set, else the key file in `data_dir`, created
    /// with a fresh random key (mode 0600) when missing.
    pub fn load_or_create(data_dir: &Path) -> Result<Keys, KeyError> {
        if let Ok(v) = std::env::var("LINLI_SECRET_KEY") {
            return Ok(Keys::from_master(&parse_hex_key(&v, "LINLI_SECRET_KEY")?));
        }
        let path = data_dir.join(KEY_FILE);
        let io = |e: std::io::Error| KeyError::Io { path: path.display().to_string(), reason: e.to_string() };
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Keys::from_master(&parse_hex_key(&text, &path.display().to_string())?)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir_all(data_dir).map_err(io)?;
                let master = random_bytes::<32>();
                write_private(&path, &hex::encode(master)).map_err(io)?;
                tracing::info!(path = %path.display(), "created a new secret key: back it up with the database");
                Ok(Keys::from_master(&master))
            }
            Err(e) => Err(io(e)),
        }
    }

    /// A keyed hash for exact look-up of a personal value; `kind` keeps
    /// hashes of different fields apart.
    pub fn lookup_hash(&self, kind: &str, value: &str) -> String {
        let mut m = <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(&self.mac).expect("HMAC takes any key length");
        m.update(kind.as_bytes());
        m.update(&[0]);
        m.update(value.as_bytes());
        hex::encode(m.finalize().into_bytes())
    }

    /// Seals a value: `v1.<key id>.<base64 nonce+ciphertext>`.
    pub fn seal(&self, plaintext: &str) -> String {
        let nonce_bytes = random_bytes::<12>();
        let sealed = self
            .cipher
            .encrypt(&Nonce::from(nonce_bytes), plaintext.as_bytes())
            .expect("AES-GCM seals any value of this size");
        let mut out = nonce_bytes.to_vec();
        out.extend_from_slice(&sealed);
        format!("v1.{}.{}", self.id, STANDARD_NO_PAD.encode(out))
    }

    /// Opens a sealed value.
    pub fn open(&self, sealed: &str) -> Result<String, OpenError> {
        let mut parts = sealed.splitn(3, '.');
        let (Some("v1"), Some(_id), Some(body)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(OpenError);
        };
        let bytes = STANDARD_NO_PAD.decode(body).map_err(|_| OpenError)?;
        if bytes.len() < 12 {
            return Err(OpenError);
        }
        let (nonce, ct) = bytes.split_at(12);
        let nonce: [u8; 12] = nonce.try_into().map_err(|_| OpenError)?;
        let plain = self.cipher.decrypt(&Nonce::from(nonce), ct).map_err(|_| OpenError)?;
        String::from_utf8(plain).map_err(|_| OpenError)
    }
}

fn write_private(path: &PathBuf, text: &str) -> std::io::Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path)?;
    f.write_all(text.as_bytes())?;
    f.write_all(b"\n")?;
    f.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_with_the_same_key_and_never_show_the_value() {
        let k = Keys::from_master(&[7; 32]);
        let s = k.seal("13812345678");
        assert!(!s.contains("13812345678") && s.starts_with("v1."));
        assert_ne!(s, k.seal("13812345678"), "a fresh nonce each time");
        assert_eq!(k.open(&s).unwrap(), "13812345678");
        assert!(Keys::from_master(&[8; 32]).open(&s).is_err());
        let mut tampered = s.clone();
        tampered.pop();
        tampered.push(if s.ends_with('A') { 'B' } else { 'A' });
        assert!(k.open(&tampered).is_err());
        assert!(k.open("garbage").is_err());
    }

    #[test]
    fn lookup_hashes_are_stable_keyed_and_separated_by_kind() {
        let k = Keys::from_master(&[7; 32]);
        assert_eq!(k.lookup_hash("phone", "13812345678"), k.lookup_hash("phone", "13812345678"));
        assert_ne!(k.lookup_hash("phone", "13812345678"), k.lookup_hash("id", "13812345678"));
        assert_ne!(
            k.lookup_hash("phone", "13812345678"),
            Keys::from_master(&[8; 32]).lookup_hash("phone", "13812345678")
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_key_file_is_created_private_and_reused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let a = Keys::load_or_create(dir.path()).unwrap();
        let mode = std::fs::metadata(dir.path().join(KEY_FILE)).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let b = Keys::load_or_create(dir.path()).unwrap();
        assert_eq!(b.open(&a.seal("x")).unwrap(), "x");
        std::fs::write(dir.path().join(KEY_FILE), "not hex").unwrap();
        assert!(matches!(Keys::load_or_create(dir.path()), Err(KeyError::Malformed(_))));
    }
}
