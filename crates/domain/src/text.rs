//! Small text normalisation helpers shared by the parsers.

/// Maps a full-width ASCII variant (U+FF01..=U+FF5E) or the ideographic space to its
/// half-width form; other characters are returned unchanged.
pub(crate) fn to_half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Full-width → half-width for a whole string.
pub(crate) fn half_width(s: &str) -> String {
    s.chars().map(to_half_width).collect()
}

/// Half-width, then every kind of whitespace removed (spreadsheet cells often carry stray
/// spaces, non-breaking spaces or tabs inside numbers).
pub(crate) fn compact(s: &str) -> String {
    s.chars()
        .map(to_half_width)
        .filter(|c| !c.is_whitespace() && *c != '\u{200B}' && *c != '\u{FEFF}')
        .collect()
}

/// Keeps the first `head` and last `tail` characters and replaces the rest with `*`,
/// preserving the length. Values too short to keep both ends are masked more strongly
/// (first and last character only, or entirely) so that masking never reveals everything.
pub(crate) fn mask_middle(s: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    let (head, tail) = if n > head + tail {
        (head, tail)
    } else if n > 2 {
        (1, 1)
    } else {
        (0, 0)
    };
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < head || i >= n - tail { *c } else { '*' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_width_converts_full_width_ascii() {
        assert_eq!(half_width("１３３ＡＢ　x"), "133AB x");
    }

    #[test]
    fn compact_drops_whitespace() {
        assert_eq!(compact(" 133 0000\t1111 "), "13300001111");
    }

    #[test]
    fn mask_keeps_length() {
        assert_eq!(
            mask_middle("410123199001018616", 3, 4),
            "410***********8616"
        );
        assert_eq!(mask_middle("13300006961", 3, 4), "133****6961");
        assert_eq!(mask_middle("AB-1234", 3, 4), "A*****4");
        assert_eq!(mask_middle("AB", 3, 4), "**");
    }
}
