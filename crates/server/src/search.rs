//! Text filters of the lists: what a person types is matched literally. `sea_orm`'s
//! `contains` / `starts_with` paste the text into a `LIKE` pattern as it is, so `%` would
//! match every row and `_` any character; every search goes through [`contains`] instead.

use sea_orm::sea_query::{Expr, LikeExpr, SimpleExpr};
use sea_orm::{ColumnTrait, DbBackend};

/// The escape character of our patterns (PostgreSQL's default; SQLite has none, so it is
/// always named with `ESCAPE`).
const ESCAPE: char = '\\';

/// `needle` with the `LIKE` wildcards `%`, `_` and the escape character itself escaped.
pub fn escape_like(needle: &str) -> String {
    let mut out = String::with_capacity(needle.len());
    for c in needle.chars() {
        if matches!(c, '%' | '_' | ESCAPE) {
            out.push(ESCAPE);
        }
        out.push(c);
    }
    out
}

/// `column LIKE '%needle%' ESCAPE '\'`: the rows whose `column` holds `needle` literally.
pub fn contains<C: ColumnTrait>(column: C, needle: &str) -> SimpleExpr {
    column.like(LikeExpr::new(format!("%{}%", escape_like(needle))).escape(ESCAPE))
}

/// `column LIKE '%suffix' ESCAPE '\'`: the rows whose `column` ends with `suffix`.
pub fn ends_with<C: ColumnTrait>(column: C, suffix: &str) -> SimpleExpr {
    column.like(LikeExpr::new(format!("%{}", escape_like(suffix))).escape(ESCAPE))
}

/// `column LIKE 'prefix%' ESCAPE '\'`: the rows whose `column` begins with `prefix`.
pub fn starts_with<C: ColumnTrait>(column: C, prefix: &str) -> SimpleExpr {
    column.like(LikeExpr::new(format!("{}%", escape_like(prefix))).escape(ESCAPE))
}

/// The least string after every string that begins with `prefix`, in code-point order
/// (which is UTF-8 byte order): `prefix` with its last character incremented, or `None`
/// when every character is already the largest (then nothing bounds the range above).
pub fn prefix_end(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let next = (u32::from(last) + 1..=u32::from(char::MAX)).find_map(char::from_u32);
        if let Some(next) = next {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

/// `column` begins with `prefix`, written as the range `prefix <= column < prefix_end` so
/// that the index on the column serves it (neither database uses an index for a `LIKE`
/// with an `ESCAPE` or a bound pattern). The range compares bytes: SQLite's default
/// collation does; on PostgreSQL the comparison names `COLLATE "C"`, as the index of the
/// migration `keyset_indexes` does, whatever the database's own collation.
pub fn begins_with<C: ColumnTrait>(backend: DbBackend, column: C, prefix: &str) -> SimpleExpr {
    let end = prefix_end(prefix);
    if backend != DbBackend::Postgres {
        let col = Expr::col((column.entity_name(), column));
        let from = col.clone().gte(prefix);
        return match end {
            Some(end) => from.and(col.lt(end)),
            None => from,
        };
    }
    let col = format!(
        r#""{}"."{}" COLLATE "C""#,
        column.entity_name().to_string(),
        column.as_str()
    );
    let from = Expr::cust_with_values(format!("{col} >= $1"), [prefix.to_owned()]);
    match end {
        Some(end) => from.and(Expr::cust_with_values(format!("{col} < $1"), [end])),
        None => from,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_and_the_escape_character_are_escaped() {
        assert_eq!(escape_like("张三"), "张三");
        assert_eq!(escape_like("%"), "\\%");
        assert_eq!(escape_like("a_b"), "a\\_b");
        assert_eq!(escape_like("C:\\x%_"), "C:\\\\x\\%\\_");
    }

    #[test]
    fn the_end_of_a_prefix_range_follows_every_name_with_that_prefix() {
        assert_eq!(prefix_end("人员一").as_deref(), Some("人员丁"));
        assert_eq!(prefix_end("ab").as_deref(), Some("ac"));
        // Past the surrogates, and past the largest character.
        assert_eq!(prefix_end("a\u{D7FF}").as_deref(), Some("a\u{E000}"));
        assert_eq!(prefix_end("a\u{10FFFF}").as_deref(), Some("b"));
        assert_eq!(prefix_end("\u{10FFFF}"), None);
        for name in ["人员一", "人员一零", "人员一\u{10FFFF}"] {
            let end = prefix_end("人员一").unwrap_or_default();
            assert!(name >= "人员一" && name < end.as_str(), "{name}");
        }
        assert!("人员丁" >= prefix_end("人员一").unwrap_or_default().as_str());
    }

    /// No list filters with `sea_orm`'s own `contains` / `starts_with` / `ends_with` on a
    /// column (they would pass wildcards through): every `Column::….contains(` under `src/`
    /// must be [`contains`] (or [`starts_with`]).
    #[test]
    fn no_column_is_searched_with_an_unescaped_pattern() {
        let mut offenders = Vec::new();
        for (path, text) in crate::source_scan::source_files(&["src/search.rs"]) {
            for (n, line) in text.lines().enumerate() {
                let unescaped = [".contains(", ".starts_with(", ".ends_with(", ".like("]
                    .iter()
                    .any(|m| line.contains(m));
                if line.contains("::Column::") && unescaped {
                    offenders.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                }
            }
        }
        assert!(
            offenders.is_empty(),
            "unescaped LIKE searches: {offenders:#?}"
        );
    }
}
