//! Decimal digits of integers below 10^8, written straight to the buffer.
//!
//! Most numbers in pages are small. The writers branch on the number of digits, as itoa and
//! sailfish do: when the numbers printed one after another have the same length, as in a
//! column or a table, the branches are predicted. Past two digits, one multiplication turns
//! the number into a binary fraction whose integer part is its leading one or two digits;
//! each further pair of digits is then the integer part of the fraction's remainder times
//! 100 (James Anhalt's method, which itoa libraries call jeaiii). Each pair is copied from
//! a table. Against dividing by 100 for each pair, as this module did before, big-table
//! renders in fewer instructions (10×10: 3.1k instead of 3.3k; 100×100: 332k instead of
//! 392k; 300×300: 3.41M instead of 3.95M) and less time, timed directly (143 ns instead
//! of 194 ns; 15.7 µs instead of 21.9 µs; 175 µs instead of 208 µs).
//!
//! Branch-free versions were slower. Assembling the digits in a register and storing one
//! word, with the length from a `trailing_zeros`, took the fewest instructions, but its
//! ALU work per number (shifts and masks to combine the pairs and count the length) made
//! big-table renders 40–75 % slower in time (on a Zen 4: 385 µs against 218 µs for the
//! 300×300 table). It wins only when lengths are random, so that the branches mispredict:
//! 402 µs against 772 µs for a 300×300 table of numbers of random length (sailfish: 868
//! µs). Splitting the digits in SWAR lanes with multiplications was slower still.

use std::mem::MaybeUninit;

/// Numbers below this take the fast path.
const FAST_LIMIT: u64 = 100_000_000;

/// Writes the decimal digits of `n` to the start of `out` and returns their count, if `n`
/// is below [`FAST_LIMIT`]; the bytes written are ASCII digits. Returns 0 and writes
/// nothing for larger numbers. The shortest lengths are tested first.
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
pub(super) fn write_small(out: &mut [MaybeUninit<u8>; 8], n: u64) -> usize {
    if n < 10_000 {
        write_up_to_four(out, n)
    } else if n < 1_000_000 {
        write_five_or_six(out, n)
    } else if n < FAST_LIMIT {
        write_seven_or_eight(out, n)
    } else {
        0
    }
}

/// Writes the decimal digits of `n` (below 10 000) to the start of `out` and returns their
/// count; the bytes written are ASCII digits.
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
fn write_up_to_four(out: &mut [MaybeUninit<u8>; 8], n: u64) -> usize {
    debug_assert!(n < 10_000);
    if n < 100 {
        if n < 10 {
            out[0].write(b'0' + n as u8);
            1
        } else {
            write_pair(out, 0, n);
            2
        }
    } else {
        // Two calls with a constant `short`, so that each length gets constant offsets.
        let t = fraction::<2>(n);
        if n < 1_000 {
            write_lead_then_pairs(out, t, true, 1)
        } else {
            write_lead_then_pairs(out, t, false, 1)
        }
    }
}

/// Writes the decimal digits of `n` (five or six of them) to the start of `out` and
/// returns their count; the bytes written are ASCII digits.
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
fn write_five_or_six(out: &mut [MaybeUninit<u8>; 8], n: u64) -> usize {
    debug_assert!((10_000..1_000_000).contains(&n));
    write_lead_then_pairs(out, fraction::<4>(n), n < 100_000, 2)
}

/// Writes the decimal digits of `n` (seven or eight of them) to the start of `out` and
/// returns their count; the bytes written are ASCII digits.
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
fn write_seven_or_eight(out: &mut [MaybeUninit<u8>; 8], n: u64) -> usize {
    debug_assert!((1_000_000..FAST_LIMIT).contains(&n));
    write_lead_then_pairs(out, fraction::<6>(n), n < 10_000_000, 3)
}

/// Writes the integer part of `t` (one digit if `short`, else two), then `pairs` pairs of
/// digits from its fraction, and returns the count. Only the lead's write depends on its
/// length; the pairs are written at an offset after it. (Written as two copies of the
/// whole, the compiler merged their last writes anyway, byte by byte, at offsets it kept
/// in three registers: four instructions more per number.)
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
fn write_lead_then_pairs(
    out: &mut [MaybeUninit<u8>; 8],
    mut t: u64,
    short: bool,
    pairs: usize,
) -> usize {
    let lead = t >> 32;
    let at = if short {
        out[0].write(b'0' + lead as u8);
        1
    } else {
        write_pair(out, 0, lead);
        2
    };
    for i in 0..pairs {
        t = (t & 0xFFFF_FFFF) * 100;
        write_pair(out, at + 2 * i, t >> 32);
    }
    at + 2 * pairs
}

/// `n / 10^DIGITS` as a 32.32 fixed-point number, for `n` below `10^(DIGITS + 2)`: the
/// integer part is the leading digit or pair, and the fraction holds the `DIGITS` digits
/// after it. The multiplier is rounded up, so the fraction is never below its exact value,
/// and its error never reaches the next digit (`every_length_prints_as_display_does`
/// checks every number below 10^8). Past six digits the product needs more than 64 bits,
/// so it is taken 16 bits lower and shifted back.
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
fn fraction<const DIGITS: u32>(n: u64) -> u64 {
    let shift = if DIGITS > 4 { 16 } else { 0 };
    let multiplier = (1 << (32 + shift)) / 10u64.pow(DIGITS) + 1;
    (n * multiplier) >> shift
}

/// Writes the two digits of `pair` (below 100) at `at` (at most 6).
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
fn write_pair(out: &mut [MaybeUninit<u8>; 8], at: usize, pair: u64) {
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

    /// The digits the writers give for `n`, checked not to go past their count.
    fn written(n: u64, out: &mut [MaybeUninit<u8>; 8]) -> usize {
        *out = [MaybeUninit::new(0xFF); 8];
        let len = write_small(out, n);
        #[allow(unsafe_code)]
        // SAFETY: every byte was initialised (to 0xFF) above.
        let tail = out[len..].iter().map(|b| unsafe { b.assume_init() });
        assert!(
            tail.into_iter().all(|b| b == 0xFF),
            "{n} wrote past its length"
        );
        len
    }

    /// Checks that each of `numbers` prints as `Display` prints it.
    fn check_ascending(numbers: impl Iterator<Item = u64>) {
        let mut out = [MaybeUninit::new(0); 8];
        for n in numbers {
            let text = n.to_string();
            let len = written(n, &mut out);
            #[allow(unsafe_code)]
            // SAFETY: `written` initialised the first `len` bytes.
            let digits = out[..len].iter().map(|b| unsafe { b.assume_init() });
            assert!(len == text.len() && digits.eq(text.bytes()), "{n}");
        }
    }

    #[test]
    fn every_length_prints_as_display_does() {
        // Every number of up to six digits.
        check_ascending(0..1_000_000);
        // Above, the fraction's rounding error is largest just below a multiple of a power
        // of ten: every number ending in 99, and a stride prime to 10 for the rest.
        check_ascending((1_000_000..FAST_LIMIT).filter(|n| n % 100 == 99));
        check_ascending((1_000_000..FAST_LIMIT).step_by(997));
    }

    /// Every number below 10^8: a minute in a debug build, so run it by hand after changing
    /// the writers (`cargo test --release -p kiln --lib -- --ignored digits`).
    #[test]
    #[ignore = "slow: every number below 10^8"]
    fn every_number_below_the_fast_limit_prints_as_display_does() {
        check_ascending(0..FAST_LIMIT);
    }
}
