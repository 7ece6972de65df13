//! Small text normalisation helpers shared by the parsers, and the characters no
//! free text may hold.

/// Characters refused in every name and free text (姓名, 单位名称, 备注, …) like control
/// characters: they are invisible or change how the text around them is shown, so a name
/// holding one can look like another (`张\u{200B}三` beside `张三`) or reverse the order in
/// which a list reads (bidi overrides). Refused:
///
/// - control characters (C0, DEL, C1) and the line / paragraph separators U+2028–U+2029;
/// - format characters (Unicode category Cf): bidirectional marks, embeddings, overrides
///   and isolates (U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069), zero-width
///   characters (U+200B–U+200D, U+2060–U+2064, U+FEFF), the soft hyphen, invisible
///   operators, interlinear annotation and tag characters;
/// - private-use characters (U+E000–U+F8FF, planes 15 and 16): fonts disagree on what they
///   show, so nobody can check them against an identity document;
/// - noncharacters (U+FDD0–U+FDEF and the last two code points of every plane).
pub fn is_refused_in_text(c: char) -> bool {
    let n = c as u32;
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}')
        || is_format(n)
        || is_private_use(n)
        || (0xFDD0..=0xFDEF).contains(&n)
        || (n & 0xFFFE) == 0xFFFE
}

/// Unicode general category Cf (format characters), as of Unicode 15.
fn is_format(n: u32) -> bool {
    matches!(
        n,
        0x00AD
            | 0x0600..=0x0605
            | 0x061C
            | 0x06DD
            | 0x070F
            | 0x0890..=0x0891
            | 0x08E2
            | 0x180E
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0001
            | 0xE0020..=0xE007F
    )
}

fn is_private_use(n: u32) -> bool {
    matches!(n, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD)
}

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
    fn invisible_bidi_and_private_use_characters_are_refused() {
        for c in [
            '\u{0}',
            '\t',
            '\u{7F}',
            '\u{85}',
            '\u{2028}',
            '\u{AD}',
            '\u{61C}',
            '\u{200B}',
            '\u{200C}',
            '\u{200D}',
            '\u{200E}',
            '\u{200F}',
            '\u{202A}',
            '\u{202E}',
            '\u{2060}',
            '\u{2066}',
            '\u{2069}',
            '\u{FEFF}',
            '\u{E000}',
            '\u{F8FF}',
            '\u{F0000}',
            '\u{10FFFD}',
            '\u{E0041}',
            '\u{FDD0}',
            '\u{FFFE}',
            '\u{1FFFF}',
        ] {
            assert!(is_refused_in_text(c), "U+{:04X} must be refused", c as u32);
        }
        for c in [
            '张', '㐀', '𠀀', '·', ' ', 'A', '（', '—', '\u{3000}', '\u{FF0E}', '\u{FE0F}',
        ] {
            assert!(!is_refused_in_text(c), "U+{:04X} must be allowed", c as u32);
        }
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
