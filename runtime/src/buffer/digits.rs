//! Decimal digits of integers below 10^8, assembled in a register.
//!
//! Most numbers in pages are small. Their digits fit in one word, which [`Buffer`] stores
//! with a single write. Pairs of digits come from a table; the length comes from counting
//! the leading `'0'` digits with one `trailing_zeros`, not from comparing the number with
//! each power of ten.
//!
//! Splitting the digits in SWAR lanes by multiplying with reciprocals instead of reading
//! the table took fewer instructions (41 instead of 43 per big-table cell) but more time
//! (big-table/100 took 37 µs instead of 30 µs): its multiplications form a longer chain.
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
        let word = u64::from(four_digits(n as u32));
        let leading = ((word ^ ASCII_ZEROS) | 1 << 24).trailing_zeros() as usize / 8;
        (word >> (leading * 8), 4 - leading)
    } else {
        let n = n as u32;
        let word = u64::from(four_digits(n / 10_000)) | u64::from(four_digits(n % 10_000)) << 32;
        let leading = ((word ^ ASCII_ZEROS) | 1 << 56).trailing_zeros() as usize / 8;
        (word >> (leading * 8), 8 - leading)
    }
}

/// Pairs of decimal digits, `00` to `99`.
const DIGIT_PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// The four decimal digits of `n` (below 10^4, leading zeros included) as the bytes of a
/// little-endian word: the first digit is the lowest byte.
#[inline(always)]
fn four_digits(n: u32) -> u32 {
    let pair = |p: u32| {
        let i = p as usize * 2;
        u32::from(u16::from_le_bytes([DIGIT_PAIRS[i], DIGIT_PAIRS[i + 1]]))
    };
    pair(n / 100) | pair(n % 100) << 16
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
