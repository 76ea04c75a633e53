//! Decimal digits of integers below 10^8, assembled in a register.
//!
//! Most numbers in pages are small. Their digits fit in one word, which [`Buffer`] stores
//! with a single write. The digits are split off in parallel lanes of the word (SWAR) with
//! multiplications by reciprocals, without a table; the length comes from counting the
//! leading zero digits with one `trailing_zeros`, not from comparing the number with each
//! power of ten. Together that took big-table renders from 52 to 43 instructions per cell.
//!
//! [`Buffer`]: super::Buffer

/// Numbers below this take the word path.
pub(super) const WORD_LIMIT: u64 = 100_000_000;

/// `'0'` in every byte.
const ASCII_ZEROS: u64 = 0x3030_3030_3030_3030;

/// The decimal digits of `n` (below [`WORD_LIMIT`]) as the first bytes of a little-endian
/// word, and their count. Every byte of the word is an ASCII digit or zero.
#[inline(always)]
pub(super) fn small(n: u64) -> (u64, usize) {
    debug_assert!(n < WORD_LIMIT);
    if n < 10_000 {
        let n = n as u32;
        // Two digits per 16-bit lane, then one per byte: `x * 5243 >> 19` is `x / 100`
        // below 10^4, `x * 103 >> 10` is `x / 10` below 100.
        let hundreds = (n * 5243) >> 19;
        let pairs = hundreds | (n - hundreds * 100) << 16;
        let tens = ((pairs * 103) >> 10) & 0x000F_000F;
        // (pairs - 10 * tens) << 8 | tens, without a borrow between lanes.
        let values = (pairs << 8) - tens * 2559;
        // Mark the last digit as significant, so zero prints as "0".
        let leading = (values | 1 << 24).trailing_zeros() as usize / 8;
        (
            u64::from(values | 0x3030_3030) >> (leading * 8),
            4 - leading,
        )
    } else {
        let n = n as u32;
        // The same, with four digits per 32-bit lane first: `x * 10486 >> 20` is `x / 100`
        // below 10^4.
        let quads = u64::from(n / 10_000) | u64::from(n % 10_000) << 32;
        let hundreds = ((quads * 10486) >> 20) & 0x0000_007F_0000_007F;
        let pairs = hundreds | (quads - hundreds * 100) << 16;
        let tens = ((pairs * 103) >> 10) & 0x000F_000F_000F_000F;
        let values = (pairs << 8) - tens * 2559;
        let leading = (values | 1 << 56).trailing_zeros() as usize / 8;
        ((values | ASCII_ZEROS) >> (leading * 8), 8 - leading)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(n: u64) -> String {
        let (word, len) = small(n);
        let bytes = word.to_le_bytes();
        assert!(bytes.iter().all(|b| b.is_ascii_digit() || *b == 0), "{n}");
        String::from_utf8(bytes[..len].to_vec()).unwrap()
    }

    #[test]
    fn every_length_prints_as_display_does() {
        for n in (0..20_000).chain([99_999, 100_000, 1_000_000, 10_000_000, WORD_LIMIT - 1]) {
            assert_eq!(text(n), n.to_string());
        }
        // Every digit count of the eight-digit half, with a stride prime to 10.
        for n in (10_000..WORD_LIMIT).step_by(997) {
            assert_eq!(text(n), n.to_string());
        }
        // Every value of each four-digit lane.
        for lane in 0..10_000 {
            for n in [lane * 10_000 + 7_531, 12_340_000 + lane, lane * 10_001] {
                if n >= 10_000 {
                    assert_eq!(text(n), n.to_string());
                }
            }
        }
    }
}
