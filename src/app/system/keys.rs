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
    /// Other local users may read the key file.
    #[error(
        "密钥文件 {path} 其他用户也能读取（权限 {mode:o}），拒绝启动。请执行 chmod 600 {path} 后再启动 / the key file {path} can be read by other users (mode {mode:o}); run `chmod 600 {path}` and start again"
    )]
    Exposed {
        /// The file.
        path: String,
        /// Its permission bits.
        mode: u32,
    },
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

/// Whether two secrets are equal, in a time that does not tell where they differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
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

/// One master key and what derives from it.
struct KeySet {
    cipher: Aes256Gcm,
    mac: [u8; 32],
    /// Short fingerprint of the master key, stored with each sealed value.
    id: String,
}

/// The keys in force: the first seals, every one opens what names it.
pub struct Keys {
    ring: Vec<KeySet>,
}

impl Keys {
    /// From a single 32-byte master key.
    pub fn from_master(master: &[u8; 32]) -> Keys {
        Keys::from_masters(std::slice::from_ref(master))
    }

    /// From master keys, newest first.
    pub fn from_masters(masters: &[[u8; 32]]) -> Keys {
        let ring = masters
            .iter()
            .map(|m| KeySet {
                cipher: Aes256Gcm::new(&derive(m, "linli/seal/v1").into()),
                mac: derive(m, "linli/lookup/v1"),
                id: hex::encode(&Sha256::digest(m)[..4]),
            })
            .collect();
        Keys { ring }
    }

    /// The fingerprint of the key that seals.
    pub fn current_id(&self) -> &str {
        &self.ring[0].id
    }

    /// How many keys are in the ring (more than one while rotating).
    pub fn len(&self) -> usize {
        self.ring.len()
    }

    /// Never true: a ring always has its current key.
    pub fn is_empty(&self) -> bool {
        self.ring.is_empty()
    }

    fn hash_with(k: &KeySet, kind: &str, value: &str) -> String {
        let mut m = <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(&k.mac).expect("HMAC takes any key length");
        m.update(kind.as_bytes());
        m.update(&[0]);
        m.update(value.as_bytes());
        hex::encode(m.finalize().into_bytes())
    }

    /// A keyed hash for exact look-up of a personal value, under the current
    /// key; `kind` keeps hashes of different fields apart.
    pub fn lookup_hash(&self, kind: &str, value: &str) -> String {
        Keys::hash_with(&self.ring[0], kind, value)
    }

    /// The look-up hashes under every key of the ring (during a rotation a
    /// row may still carry an older one).
    pub fn lookup_hashes(&self, kind: &str, value: &str) -> Vec<String> {
        self.ring.iter().map(|k| Keys::hash_with(k, kind, value)).collect()
    }

    /// Every key's look-up hash of every value (`kind` "id"): for asking
    /// the database which of many values it already holds.
    pub fn lookup_hashes_all(&self, values: &[&str]) -> Vec<String> {
        values.iter().flat_map(|v| self.lookup_hashes("id", v)).collect()
    }

    /// Seals a value: `v1.<key id>.<base64 nonce+ciphertext>`.
    pub fn seal(&self, plaintext: &str) -> String {
        let k = &self.ring[0];
        let nonce_bytes = random_bytes::<12>();
        let sealed = k
            .cipher
            .encrypt(&Nonce::from(nonce_bytes), plaintext.as_bytes())
            .expect("AES-GCM seals any value of this size");
        let mut out = nonce_bytes.to_vec();
        out.extend_from_slice(&sealed);
        format!("v1.{}.{}", k.id, STANDARD_NO_PAD.encode(out))
    }

    /// Opens a sealed value with the key it names.
    pub fn open(&self, sealed: &str) -> Result<String, OpenError> {
        let mut parts = sealed.splitn(3, '.');
        let (Some("v1"), Some(id), Some(body)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(OpenError);
        };
        let k = self.ring.iter().find(|k| k.id == id).ok_or(OpenError)?;
        let bytes = STANDARD_NO_PAD.decode(body).map_err(|_| OpenError)?;
        if bytes.len() < 12 {
            return Err(OpenError);
        }
        let (nonce, ct) = bytes.split_at(12);
        let nonce: [u8; 12] = nonce.try_into().map_err(|_| OpenError)?;
        let plain = k.cipher.decrypt(&Nonce::from(nonce), ct).map_err(|_| OpenError)?;
        String::from_utf8(plain).map_err(|_| OpenError)
    }
}

/// The key id a sealed value names.
pub fn key_id_of(sealed: &str) -> Option<&str> {
    sealed.strip_prefix("v1.")?.split('.').next()
}

fn parse_ring(text: &str, origin: &str) -> Result<Vec<[u8; 32]>, KeyError> {
    let keys: Vec<[u8; 32]> = text
        .split(['\n', ','])
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| parse_hex_key(l, origin))
        .collect::<Result<_, _>>()?;
    if keys.is_empty() { Err(KeyError::Malformed(origin.to_owned())) } else { Ok(keys) }
}

/// Where the keys come from, and the ring now in force. A running server
/// picks up a rotated key file by itself (see [`KeyStore::reload_if_changed`]).
pub struct KeyStore {
    file: Option<PathBuf>,
    state: std::sync::RwLock<(std::sync::Arc<Keys>, Option<std::time::SystemTime>)>,
}

fn mtime(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

impl KeyStore {
    /// `LINLI_SECRET_KEY` (hex keys, comma-separated, newest first) if set,
    /// else the key file in `data_dir` (one hex key a line, newest first),
    /// created with a fresh random key (mode 0600) when missing. A key file
    /// that other users may read is refused ([`KeyError::Exposed`]).
    pub fn load_or_create(data_dir: &Path) -> Result<KeyStore, KeyError> {
        if let Ok(v) = std::env::var("LINLI_SECRET_KEY") {
            let keys = Keys::from_masters(&parse_ring(&v, "LINLI_SECRET_KEY")?);
            return Ok(KeyStore { file: None, state: std::sync::RwLock::new((std::sync::Arc::new(keys), None)) });
        }
        let path = data_dir.join(KEY_FILE);
        let io = |e: std::io::Error| KeyError::Io { path: path.display().to_string(), reason: e.to_string() };
        refuse_exposed(&path)?;
        let keys = match std::fs::read_to_string(&path) {
            Ok(text) => Keys::from_masters(&parse_ring(&text, &path.display().to_string())?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                linli_store::dialect::private_dir(data_dir).map_err(io)?;
                let master = random_bytes::<32>();
                write_private(&path, &hex::encode(master)).map_err(io)?;
                tracing::info!(path = %path.display(), "created a new secret key: back it up with the database");
                Keys::from_master(&master)
            }
            Err(e) => return Err(io(e)),
        };
        let seen = mtime(&path);
        Ok(KeyStore { file: Some(path), state: std::sync::RwLock::new((std::sync::Arc::new(keys), seen)) })
    }

    /// The ring in force.
    pub fn get(&self) -> std::sync::Arc<Keys> {
        self.state.read().expect("key lock").0.clone()
    }

    /// Re-reads the key file if it changed since it was read (another
    /// process rotated the keys); returns whether it did.
    pub fn reload_if_changed(&self) -> bool {
        let Some(path) = &self.file else { return false };
        let now = mtime(path);
        if now == self.state.read().expect("key lock").1 {
            return false;
        }
        match std::fs::read_to_string(path).map_err(|_| ()).and_then(|t| parse_ring(&t, "").map_err(|_| ())) {
            Ok(masters) => {
                *self.state.write().expect("key lock") = (std::sync::Arc::new(Keys::from_masters(&masters)), now);
                tracing::info!("secret key file changed: reloaded");
                true
            }
            Err(()) => false,
        }
    }

    fn masters(&self) -> Result<(PathBuf, Vec<[u8; 32]>), KeyError> {
        let path = self
            .file
            .clone()
            .ok_or_else(|| KeyError::Malformed("LINLI_SECRET_KEY (rotate the key file instead)".into()))?;
        let text = std::fs::read_to_string(&path)
            .map_err(|e| KeyError::Io { path: path.display().to_string(), reason: e.to_string() })?;
        Ok((path.clone(), parse_ring(&text, &path.display().to_string())?))
    }

    fn write_ring(&self, path: &Path, masters: &[[u8; 32]]) -> Result<(), KeyError> {
        let io = |e: std::io::Error| KeyError::Io { path: path.display().to_string(), reason: e.to_string() };
        let tmp = path.with_extension("key.new");
        let _ = std::fs::remove_file(&tmp);
        let text = masters.iter().map(hex::encode).collect::<Vec<_>>().join("\n");
        write_private(&tmp, &text).map_err(io)?;
        // Atomic: a reader sees the old ring or the new, never half a file.
        std::fs::rename(&tmp, path).map_err(io)?;
        let seen = mtime(path);
        *self.state.write().expect("key lock") = (std::sync::Arc::new(Keys::from_masters(masters)), seen);
        Ok(())
    }

    /// Puts a new key in front of the ring; older keys still open old values.
    pub fn add_new_key(&self) -> Result<(), KeyError> {
        let (path, mut masters) = self.masters()?;
        masters.insert(0, random_bytes::<32>());
        self.write_ring(&path, &masters)
    }

    /// Drops every key but the current one whose id is not in `still_used`.
    pub fn drop_old_keys(&self, still_used: &[String]) -> Result<usize, KeyError> {
        let (path, masters) = self.masters()?;
        let keys = Keys::from_masters(&masters);
        let keep: Vec<[u8; 32]> = masters
            .iter()
            .zip(&keys.ring)
            .enumerate()
            .filter(|(i, (_, k))| *i == 0 || still_used.contains(&k.id))
            .map(|(_, (m, _))| *m)
            .collect();
        let dropped = masters.len() - keep.len();
        self.write_ring(&path, &keep)?;
        Ok(dropped)
    }
}

/// Refuses a key file whose mode lets group or others read or write it.
fn refuse_exposed(path: &Path) -> Result<(), KeyError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(m) = std::fs::metadata(path)
            && m.permissions().mode() & 0o077 != 0
        {
            return Err(KeyError::Exposed { path: path.display().to_string(), mode: m.permissions().mode() & 0o777 });
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Creates (or empties) a file only its owner may read (0600), for what
/// holds personal data or secrets: exports, reports, archives. An existing
/// file's wider mode is narrowed first.
pub fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        opts.mode(0o600);
        if std::fs::metadata(path).is_ok() {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    opts.open(path)
}

/// Writes a file only its owner may read (see [`create_private`]).
pub fn write_private_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = create_private(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
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
        let a = KeyStore::load_or_create(dir.path()).unwrap().get();
        let mode = std::fs::metadata(dir.path().join(KEY_FILE)).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let b = KeyStore::load_or_create(dir.path()).unwrap().get();
        assert_eq!(b.open(&a.seal("x")).unwrap(), "x");
        std::fs::write(dir.path().join(KEY_FILE), "not hex").unwrap();
        assert!(matches!(KeyStore::load_or_create(dir.path()), Err(KeyError::Malformed(_))));
    }

    #[cfg(unix)]
    #[test]
    fn a_key_file_others_may_read_is_refused_with_the_command_that_fixes_it() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(KEY_FILE);
        KeyStore::load_or_create(dir.path()).unwrap();
        for mode in [0o644, 0o640, 0o604, 0o660] {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
            let Err(e) = KeyStore::load_or_create(dir.path()) else { panic!("{mode:o} accepted") };
            assert!(matches!(e, KeyError::Exposed { .. }), "{e}");
            assert!(e.to_string().contains(&format!("chmod 600 {}", path.display())), "{e}");
        }
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o400)).unwrap();
        assert!(KeyStore::load_or_create(dir.path()).is_ok(), "read-only for the owner is fine");
    }

    #[cfg(unix)]
    #[test]
    fn private_files_are_created_and_narrowed_to_0600() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.csv");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_private_file(&path, b"new").unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let fresh = dir.path().join("fresh.xlsx");
        write_private_file(&fresh, b"x").unwrap();
        assert_eq!(std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777, 0o600);
    }

    #[test]
    fn a_ring_opens_old_values_seals_with_the_newest_and_drops_unused_keys() {
        let dir = tempfile::tempdir().unwrap();
        let store = KeyStore::load_or_create(dir.path()).unwrap();
        let old = store.get().seal("13812345678");
        let old_hash = store.get().lookup_hash("phone", "13812345678");
        let old_id = store.get().current_id().to_owned();
        store.add_new_key().unwrap();
        let ring = store.get();
        assert_eq!(ring.len(), 2);
        assert_ne!(ring.current_id(), old_id);
        assert_eq!(ring.open(&old).unwrap(), "13812345678", "old values still open");
        assert_eq!(key_id_of(&ring.seal("x")), Some(ring.current_id()));
        assert!(ring.lookup_hashes("phone", "13812345678").contains(&old_hash));
        // Still in use: kept.
        assert_eq!(store.drop_old_keys(std::slice::from_ref(&old_id)).unwrap(), 0);
        assert_eq!(store.drop_old_keys(&[]).unwrap(), 1);
        assert!(store.get().open(&old).is_err(), "gone with its key");
        // Another process reading the same file sees the new ring.
        let other = KeyStore::load_or_create(dir.path()).unwrap();
        assert_eq!(other.get().current_id(), store.get().current_id());
    }
}
