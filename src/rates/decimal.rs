//! Exact decimals for reference rates ("117.201", "83,7115"): an integer mantissa and a count
//! of decimal places, never a float. Kept normalised (no trailing zeros after the point), so two
//! equal rates have one text, which is what the table stores and what an import compares.

use std::fmt;

/// The most decimal places a rate keeps: a CBR quote of 4 places divided by a `Nominal` of
/// 100 000 needs 9; 18 leaves room and keeps every conversion inside `i128`.
pub const MAX_SCALE: u32 = 18;

/// The most digits before the point: no currency is worth 10^12 of another.
const MAX_WHOLE_DIGITS: usize = 12;

/// A positive exact decimal: `mantissa / 10^scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decimal {
    mantissa: i128,
    scale: u32,
}

impl Decimal {
    pub const ONE: Decimal = Decimal { mantissa: 1, scale: 0 };

    /// Reads a positive decimal written with `mark` as its decimal mark (`.` for the ECB, `,`
    /// for the Bank of Russia): digits only, no sign, no exponent, no grouping.
    pub fn parse(text: &str, mark: char) -> Result<Decimal, String> {
        let (whole, fraction) = match text.split_once(mark) {
            Some((whole, fraction)) => (whole, fraction),
            None => (text, ""),
        };
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(fraction) || (text.contains(mark) && fraction.is_empty()) {
            return Err(format!("{text:?} is not a decimal number written with {mark:?} as the decimal mark"));
        }
        let whole = whole.trim_start_matches('0');
        let fraction = fraction.trim_end_matches('0');
        if whole.len() > MAX_WHOLE_DIGITS || fraction.len() > MAX_SCALE as usize {
            return Err(format!(
                "{text:?} has more digits than a rate can ({MAX_WHOLE_DIGITS} before the point, {MAX_SCALE} after)"
            ));
        }
        let mantissa: i128 = format!("0{whole}{fraction}").parse().map_err(|_| format!("{text:?} is not a number"))?;
        if mantissa == 0 {
            return Err(format!("{text:?} is not a rate: a rate is greater than zero"));
        }
        Ok(Decimal { mantissa, scale: fraction.len() as u32 })
    }

    /// `numerator / denominator` (both positive) to at most `places` decimal places, rounded
    /// half-to-even at the last one; exact whenever the quotient ends within `places`.
    pub fn from_fraction(numerator: i128, denominator: i128, places: u32) -> Option<Decimal> {
        if numerator <= 0 || denominator <= 0 || places > MAX_SCALE {
            return None;
        }
        let scaled = numerator.checked_mul(10_i128.checked_pow(places)?)?;
        let mantissa = div_half_even(scaled, denominator);
        (mantissa > 0).then(|| Decimal { mantissa, scale: places }.normalised())
    }

    /// This rate divided by a positive whole number (CBR's `Nominal`): exact when the quotient
    /// ends within [`MAX_SCALE`] places, as it does for every power of ten (the only nominals
    /// the Bank of Russia uses), else rounded half-to-even at the 18th place.
    pub fn divided_by(self, divisor: u64) -> Option<Decimal> {
        Decimal::from_fraction(self.mantissa, i128::from(divisor).checked_mul(10_i128.pow(self.scale))?, MAX_SCALE)
    }

    pub fn mantissa(self) -> i128 {
        self.mantissa
    }

    pub fn scale(self) -> u32 {
        self.scale
    }

    /// `10^scale`: the rate is `mantissa / denominator()`.
    pub fn denominator(self) -> i128 {
        10_i128.pow(self.scale)
    }

    fn normalised(mut self) -> Decimal {
        while self.scale > 0 && self.mantissa % 10 == 0 {
            self.mantissa /= 10;
            self.scale -= 1;
        }
        self
    }
}

/// `numerator / denominator` rounded half-to-even (banker's rounding), for a positive
/// denominator: the one rounding every conversion makes.
pub fn div_half_even(numerator: i128, denominator: i128) -> i128 {
    let (quotient, remainder) = (numerator.div_euclid(denominator), numerator.rem_euclid(denominator));
    // Twice the remainder against the divisor, without overflowing: remainder < denominator.
    let beyond_half = remainder.cmp(&(denominator - remainder));
    match beyond_half {
        std::cmp::Ordering::Greater => quotient + 1,
        std::cmp::Ordering::Equal if quotient % 2 != 0 => quotient + 1,
        _ => quotient,
    }
}

/// The canonical text, with `.` as the mark: `117.201`, `8.37115`, `84`.
impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.mantissa.to_string();
        let scale = self.scale as usize;
        if scale == 0 {
            return f.write_str(&digits);
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (whole, fraction) = padded.split_at(padded.len() - scale);
        write!(f, "{whole}.{fraction}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(text: &str) -> Decimal {
        Decimal::parse(text, '.').unwrap()
    }

    #[test]
    fn rates_read_exactly_in_either_mark_and_print_canonically() {
        assert_eq!(dec("117.201").to_string(), "117.201");
        assert_eq!(Decimal::parse("83,7115", ',').unwrap().to_string(), "83.7115");
        assert_eq!(Decimal::parse("84,0000", ',').unwrap().to_string(), "84");
        assert_eq!(dec("0.00720").to_string(), "0.0072");
        assert_eq!(dec("0010.50"), dec("10.5"));
        assert_eq!(dec("1.0705").mantissa(), 10705);
        assert_eq!(dec("1.0705").scale(), 4);
    }

    #[test]
    fn what_is_not_a_positive_plain_decimal_is_refused() {
        for bad in ["", "N/A", "1.", ".5", "-1.2", "+1", "1e3", "1 000.5", "1,5", "0", "0.000", "1.2.3", "１.５"] {
            assert!(Decimal::parse(bad, '.').is_err(), "{bad:?}");
        }
        assert!(Decimal::parse("84.0000", ',').is_err(), "a point where CBR writes a comma");
        assert!(dec("0.000000000000000001").scale() == 18);
        assert!(Decimal::parse("0.0000000000000000001", '.').is_err(), "19 places");
        assert!(Decimal::parse("1000000000000", '.').is_err(), "13 whole digits");
    }

    #[test]
    fn nominals_divide_out_exactly() {
        let ten_yuan = Decimal::parse("83,7115", ',').unwrap();
        assert_eq!(ten_yuan.divided_by(10).unwrap().to_string(), "8.37115");
        assert_eq!(dec("56.5123").divided_by(100_000).unwrap().to_string(), "0.000565123");
        assert_eq!(dec("1").divided_by(1).unwrap().to_string(), "1");
        // A nominal no one uses still gives 18 correctly rounded places.
        assert_eq!(dec("1").divided_by(3).unwrap().to_string(), "0.333333333333333333");
        assert_eq!(dec("2").divided_by(3).unwrap().to_string(), "0.666666666666666667");
    }

    #[test]
    fn rounding_is_half_to_even() {
        assert_eq!(div_half_even(5, 2), 2);
        assert_eq!(div_half_even(7, 2), 4);
        assert_eq!(div_half_even(26, 10), 3);
        assert_eq!(div_half_even(24, 10), 2);
        assert_eq!(div_half_even(-5, 2), -2);
        assert_eq!(div_half_even(-7, 2), -4);
        assert_eq!(div_half_even(0, 7), 0);
    }
}
