//! Paging shared by every list endpoint.

use serde::{Deserialize, Serialize};

/// Default page size of every list (the manual's 10 条/页).
pub const DEFAULT_PAGE_SIZE: u64 = 10;
/// Largest page size a client may ask for.
pub const MAX_PAGE_SIZE: u64 = 100;
/// Largest page number a client may ask for: 100 million rows at the largest page size,
/// far beyond any list, while `(page - 1) × page_size` stays well inside an SQL `i64`
/// offset (a larger product overflowed in the paginator and panicked).
pub const MAX_PAGE: u64 = 1_000_000;

/// One page of a list: `{ items, total, page, page_size }`, and `next` on the lists that
/// page by cursor (the roster, the batch list): pass it as `after` for the rows that follow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    /// The rows of this page.
    pub items: Vec<T>,
    /// Rows matching the filters, over all pages.
    pub total: u64,
    /// The page number, from 1.
    pub page: u64,
    /// Rows per page.
    pub page_size: u64,
    /// The cursor of the rows after this page (`?after=…`), absent on the last page and on
    /// lists that page by number only. Opaque: a client passes it back as it came.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// The paging part of a list request (`?page=1&page_size=10`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct PageQuery {
    /// Page number, from 1 (default 1).
    #[serde(default, deserialize_with = "bounded::page")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1_000_000))]
    pub page: Option<u64>,
    /// Rows per page (default 10, at most 100).
    #[serde(default, deserialize_with = "bounded::page_size")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub page_size: Option<u64>,
}

/// Deserializers that refuse a page number or page size outside the documented range, so
/// that a list query beyond them is a 400 at the boundary, never an overflow further in.
/// Every list query's `page` / `page_size` fields use them:
/// `#[serde(default, deserialize_with = "crate::page::bounded::page")]`.
pub mod bounded {
    use serde::{de::Error, Deserialize, Deserializer};

    use super::{MAX_PAGE, MAX_PAGE_SIZE};

    fn within<'de, D: Deserializer<'de>>(
        d: D,
        field: &str,
        max: u64,
    ) -> Result<Option<u64>, D::Error> {
        match Option::<u64>::deserialize(d)? {
            Some(n) if !(1..=max).contains(&n) => {
                Err(D::Error::custom(format!("{field} 须在 1 到 {max} 之间")))
            }
            other => Ok(other),
        }
    }

    /// `page`: 1 ..= `MAX_PAGE`.
    pub fn page<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        within(d, "page", MAX_PAGE)
    }

    /// `page_size`: 1 ..= `MAX_PAGE_SIZE`.
    pub fn page_size<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        within(d, "page_size", MAX_PAGE_SIZE)
    }
}

impl PageQuery {
    /// The page number, between 1 and `MAX_PAGE` (a query built in code is clamped too).
    pub fn page(&self) -> u64 {
        self.page.unwrap_or(1).clamp(1, MAX_PAGE)
    }

    /// Rows before this page: `(page - 1) × page_size`, which cannot overflow.
    pub fn offset(&self) -> u64 {
        (self.page() - 1) * self.page_size()
    }

    /// The page size, between 1 and `MAX_PAGE_SIZE`.
    pub fn page_size(&self) -> u64 {
        self.page_size
            .unwrap_or(DEFAULT_PAGE_SIZE)
            .clamp(1, MAX_PAGE_SIZE)
    }
}

impl<T> Page<T> {
    /// The same page with every row converted.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
            page: self.page,
            page_size: self.page_size,
            next: self.next,
        }
    }
}

impl<T> Page<T> {
    /// The same page with every row converted, or the first conversion error.
    pub fn try_map<U, E>(self, f: impl FnMut(T) -> Result<U, E>) -> Result<Page<U>, E> {
        Ok(Page {
            items: self.items.into_iter().map(f).collect::<Result<_, E>>()?,
            total: self.total,
            page: self.page,
            page_size: self.page_size,
            next: self.next,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<PageQuery, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn the_documented_range_is_accepted() {
        let q = parse(r#"{"page": 1000000, "page_size": 100}"#).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((q.page(), q.page_size()), (MAX_PAGE, MAX_PAGE_SIZE));
        assert_eq!(q.offset(), (MAX_PAGE - 1) * MAX_PAGE_SIZE);
        let q = parse("{}").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (q.page(), q.page_size(), q.offset()),
            (1, DEFAULT_PAGE_SIZE, 0)
        );
    }

    #[test]
    fn beyond_the_range_is_refused() {
        for json in [
            r#"{"page": 0}"#,
            r#"{"page": 1000001}"#,
            r#"{"page": 18446744073709551615}"#,
            r#"{"page_size": 0}"#,
            r#"{"page_size": 101}"#,
            r#"{"page_size": 18446744073709551615}"#,
        ] {
            assert!(parse(json).is_err(), "{json}");
        }
    }

    #[test]
    fn a_query_built_in_code_never_overflows() {
        let q = PageQuery {
            page: Some(u64::MAX),
            page_size: Some(u64::MAX),
        };
        assert_eq!(q.offset(), (MAX_PAGE - 1) * MAX_PAGE_SIZE);
    }
}
