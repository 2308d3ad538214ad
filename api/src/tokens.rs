//! Secrets handed to clients (API keys, session tokens): random, shown once, stored as a
//! SHA-256 digest so a database leak does not leak credentials.

use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

pub fn generate(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("{prefix}{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

pub fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}
