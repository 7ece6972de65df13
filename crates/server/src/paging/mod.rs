//! One way to page a query: `{ items, total, page, page_size }` from a `PageQuery`; the
//! lists that grow large page by keyset as well ([`cursor`]).

pub mod cursor;

use api_types::{Page, PageQuery};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, FromQueryResult, PaginatorTrait, Select};

/// Runs `select` for the requested page (defaults and bounds from `PageQuery`).
pub async fn fetch_page<E, C>(
    db: &C,
    select: Select<E>,
    query: PageQuery,
) -> Result<Page<E::Model>, DbErr>
where
    E: EntityTrait,
    E::Model: FromQueryResult + Sized + Send + Sync,
    C: ConnectionTrait,
{
    let (page, page_size) = (query.page(), query.page_size());
    let paginator = select.paginate(db, page_size);
    let total = paginator.num_items().await?;
    let items = paginator.fetch_page(page - 1).await?;
    Ok(Page {
        items,
        total,
        page,
        page_size,
        next: None,
    })
}

/// A trimmed filter value, `None` when absent or blank.
pub fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty())
}
