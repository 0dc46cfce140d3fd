//! Content fingerprints: how a document is recognised after it was moved or renamed.
//!
//! The fingerprint hashes the length and up to three 64 KiB samples (start, middle, end), so it
//! is exact for ordinary articles and costs the same for a 1 GB file as for a 200 KB one. The
//! hash is FNV-1a, written out here because the value is saved to disk and must never change
//! with a compiler or library version (std's hasher makes no such promise).

const SAMPLE: usize = 64 * 1024;

fn fnv1a(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The fingerprint of a document's bytes, as saved in state files.
pub fn fingerprint(bytes: &[u8]) -> String {
    let mut h = fnv1a(0xcbf2_9ce4_8422_2325, &(bytes.len() as u64).to_le_bytes());
    if bytes.len() <= 3 * SAMPLE {
        h = fnv1a(h, bytes);
    } else {
        let mid = bytes.len() / 2 - SAMPLE / 2;
        h = fnv1a(h, &bytes[..SAMPLE]);
        h = fnv1a(h, &bytes[mid..mid + SAMPLE]);
        h = fnv1a(h, &bytes[bytes.len() - SAMPLE..]);
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_bytes_same_fingerprint_and_edits_change_it() {
        let a = fingerprint(b"hello world");
        assert_eq!(a, fingerprint(b"hello world"));
        assert_ne!(a, fingerprint(b"hello world!"));
        assert_ne!(a, fingerprint(b"hello_world"));
    }

    #[test]
    fn known_value_never_changes() {
        // Saved state depends on this exact value.
        assert_eq!(fnv1a(0xcbf2_9ce4_8422_2325, b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn large_inputs_are_sampled_but_length_counts() {
        let big = vec![b'x'; 4 * SAMPLE];
        let mut longer = big.clone();
        longer.push(b'x');
        assert_ne!(fingerprint(&big), fingerprint(&longer));
    }
}
