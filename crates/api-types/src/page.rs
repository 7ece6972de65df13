//! Paging shared by every list endpoint.

use serde::{Deserialize, Serialize};

/// Default page size of every list (the manual's 10 条/页).
pub const DEFAULT_PAGE_SIZE: u64 = 10;
/// Largest page size a client may ask for.
pub const MAX_PAGE_SIZE: u64 = 100;

/// One page of a list: `{ items, total, page, page_size }`.
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
}

/// The paging part of a list request (`?page=1&page_size=10`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct PageQuery {
    /// Page number, from 1 (default 1).
    pub page: Option<u64>,
    /// Rows per page (default 10, at most 100).
    pub page_size: Option<u64>,
}

impl PageQuery {
    /// The page number, at least 1.
    pub fn page(&self) -> u64 {
        self.page.unwrap_or(1).max(1)
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
        })
    }
}
