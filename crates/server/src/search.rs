//! Text filters of the lists: what a person types is matched literally. `sea_orm`'s
//! `contains` / `starts_with` paste the text into a `LIKE` pattern as it is, so `%` would
//! match every row and `_` any character; every search goes through [`contains`] instead.

use sea_orm::sea_query::{LikeExpr, SimpleExpr};
use sea_orm::ColumnTrait;

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
