//! Decimal digits of integers below 10^8, written straight to the buffer.
//!
//! Most numbers in pages are small. [`write_small`] branches on the number of digits and
//! copies pairs of digits from a table to memory, as itoa and sailfish do: when the
//! numbers printed one after another have the same length, as in a column or a table,
//! the branches are predicted, and each number costs a few loads and stores.
//!
//! Branch-free versions were slower. Assembling the digits in a register and storing one
//! word, with the length from a `trailing_zeros`, took the fewest instructions, but its
//! ALU work per number (shifts and masks to combine the pairs and count the length) made
//! big-table renders 40–75 % slower in time (on a Zen 4: 385 µs against 218 µs for the
//! 300×300 table). It wins only when lengths are random, so that the branches mispredict:
//! 402 µs against 772 µs for a 300×300 table of numbers of random length (sailfish: 868
//! µs). Splitting the digits in SWAR lanes with multiplications was slower still.
//!
//! [`Buffer`]: super::Buffer

use std::mem::MaybeUninit;

/// Numbers below this take the fast path.
pub(super) const FAST_LIMIT: u64 = 100_000_000;

/// Writes the decimal digits of `n` (below [`FAST_LIMIT`]) to the start of `out` and
/// returns their count; the bytes written are ASCII digits. See the module docs for why
/// it branches.
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
pub(super) fn write_small(out: &mut [MaybeUninit<u8>; 8], n: u64) -> usize {
    debug_assert!(n < FAST_LIMIT);
    let n = n as u32;
    if n < 10_000 {
        write_up_to_four(out, n)
    } else {
        let (high, low) = (n / 10_000, n % 10_000);
        let len = write_up_to_four(out, high);
        let (q, r) = (low / 100, low % 100);
        write_pair(out, len, q);
        write_pair(out, len + 2, r);
        len + 4
    }
}

/// Writes `n` (below 10 000) without leading zeros at the start of `out`.
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
fn write_up_to_four(out: &mut [MaybeUninit<u8>; 8], n: u32) -> usize {
    if n < 100 {
        if n < 10 {
            out[0].write(b'0' + n as u8);
            1
        } else {
            write_pair(out, 0, n);
            2
        }
    } else {
        let (q, r) = (n / 100, n % 100);
        if n < 1_000 {
            out[0].write(b'0' + q as u8);
            write_pair(out, 1, r);
            3
        } else {
            write_pair(out, 0, q);
            write_pair(out, 2, r);
            4
        }
    }
}

/// Writes the two digits of `pair` (below 100) at `at` (at most 6).
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
fn write_pair(out: &mut [MaybeUninit<u8>; 8], at: usize, pair: u32) {
    let i = pair as usize * 2;
    out[at].write(DIGIT_PAIRS[i]);
    out[at + 1].write(DIGIT_PAIRS[i + 1]);
}

/// Pairs of decimal digits, `00` to `99`.
const DIGIT_PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

#[cfg(test)]
mod tests {
    use super::*;

    fn text(n: u64) -> String {
        let mut out = [MaybeUninit::new(0xFF); 8];
        let len = write_small(&mut out, n);
        #[allow(unsafe_code)]
        // SAFETY: every byte was initialised (to 0xFF) when `out` was made.
        let bytes = out.map(|byte| unsafe { byte.assume_init() });
        assert!(
            bytes[len..].iter().all(|&b| b == 0xFF),
            "{n} wrote past its length"
        );
        String::from_utf8(bytes[..len].to_vec()).unwrap()
    }

    #[test]
    fn every_length_prints_as_display_does() {
        for n in (0..20_000).chain([99_999, 100_000, 1_000_000, 10_000_000, FAST_LIMIT - 1]) {
            assert_eq!(text(n), n.to_string());
        }
        // Every digit count of the eight-digit half, with a stride prime to 10.
        for n in (10_000..FAST_LIMIT).step_by(997) {
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
