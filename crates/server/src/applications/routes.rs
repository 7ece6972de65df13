//! `/api/code-applications…` (参保编码申请) and `/api/name-changes…` (修改单位名称): the
//! same five endpoints per kind over the one workflow — submit, list, detail (audited),
//! resubmit after a rejection, review (reviewers).

/// The routes of one kind of application: its paths, wording, DTOs and DTO builder.
macro_rules! application_routes {
    (
        module: $module:ident,
        kind: $kind:expr,
        tag: $tag:literal,
        paths: ($list:literal, $item:literal, $review:literal),
        input: $input:ty,
        output: $output:ty,
        out: $out:path,
        docs: ($submit_doc:literal, $review_doc:literal)
    ) => {
        pub mod $module {
            use actix_web::{get, post, put, web, HttpResponse};
            use api_types::{ApplicationListItem, ApplicationQuery, Page, ReviewIn};
            use uuid::Uuid;

            use crate::applications::service;
            use crate::auth::Caller;
            use crate::http::docs::{ChangeErrors, ListErrors, ReadErrors};
            use crate::http::ApiResult;

            #[doc = $submit_doc]
            #[utoipa::path(
                        tag = $tag,
                        security(("bearer" = [])),
                        request_body = $input,
                        responses((status = 201, body = $output), ChangeErrors)
                    )]
            #[post($list)]
            pub async fn submit(c: Caller, body: web::Json<$input>) -> ApiResult<HttpResponse> {
                let registry = c.interfaces.registry.as_ref();
                let row =
                    service::submit(&c.db, registry, &c.actor, (&*body).into(), c.now).await?;
                Ok(HttpResponse::Created().json($out(&c.db, row).await?))
            }

            /// Lists applications of this kind (a unit its own; reviewers and admins all), filtered and paged.
            #[utoipa::path(
                        tag = $tag,
                        security(("bearer" = [])),
                        params(ApplicationQuery),
                        responses((status = 200, body = Page<ApplicationListItem>), ListErrors)
                    )]
            #[get($list)]
            pub async fn list(
                c: Caller,
                query: web::Query<ApplicationQuery>,
            ) -> ApiResult<web::Json<Page<ApplicationListItem>>> {
                Ok(web::Json(
                    crate::applications::view::list(&c.db, &c.actor, $kind, &query).await?,
                ))
            }

            /// One application of this kind in full with its attachments (unmasked: the read is audited).
            #[utoipa::path(
                        tag = $tag,
                        security(("bearer" = [])),
                        responses((status = 200, body = $output), ReadErrors)
                    )]
            #[get($item)]
            pub async fn detail(c: Caller, path: web::Path<Uuid>) -> ApiResult<web::Json<$output>> {
                let row = service::view(&c.db, &c.actor, $kind, path.into_inner(), c.now).await?;
                Ok(web::Json($out(&c.db, row).await?))
            }

            /// Edits a rejected application and submits it again (申请中).
            #[utoipa::path(
                        tag = $tag,
                        security(("bearer" = [])),
                        request_body = $input,
                        responses((status = 200, body = $output), ChangeErrors)
                    )]
            #[put($item)]
            pub async fn resubmit(
                c: Caller,
                path: web::Path<Uuid>,
                body: web::Json<$input>,
            ) -> ApiResult<web::Json<$output>> {
                let registry = c.interfaces.registry.as_ref();
                let form = (&*body).into();
                let row =
                    service::resubmit(&c.db, registry, &c.actor, path.into_inner(), form, c.now)
                        .await?;
                Ok(web::Json($out(&c.db, row).await?))
            }

            #[doc = $review_doc]
            #[utoipa::path(
                        tag = $tag,
                        security(("bearer" = [])),
                        request_body = ReviewIn,
                        responses((status = 200, body = $output), ChangeErrors)
                    )]
            #[post($review)]
            pub async fn review(
                c: Caller,
                path: web::Path<Uuid>,
                body: web::Json<ReviewIn>,
            ) -> ApiResult<web::Json<$output>> {
                let row = service::review(&c.db, &c.actor, $kind, path.into_inner(), &body, c.now)
                    .await?;
                Ok(web::Json($out(&c.db, row).await?))
            }

            /// Registers the routes.
            pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
                cfg.service(submit)
                    .service(list)
                    .service(detail)
                    .service(resubmit)
                    .service(review);
            }
        }
    };
}

application_routes!(
    module: code_applications,
    kind: domain::ApplicationKind::EnrollmentCode,
    tag: "code-applications",
    paths: ("/code-applications", "/code-applications/{id}", "/code-applications/{id}/review"),
    input: api_types::CodeApplicationIn,
    output: api_types::CodeApplicationOut,
    out: crate::applications::view::code_out,
    docs: (
        "Applies for an enrollment code (a unit without one); 409 when it has one or an application is open.",
        "Approves (assigns the 参保编码) or rejects with a reason (reviewers); 409 when decided already or the code is taken."
    )
);

application_routes!(
    module: name_changes,
    kind: domain::ApplicationKind::NameChange,
    tag: "name-changes",
    paths: ("/name-changes", "/name-changes/{id}", "/name-changes/{id}/review"),
    input: api_types::NameChangeIn,
    output: api_types::NameChangeOut,
    out: crate::applications::view::name_change_out,
    docs: (
        "Applies for a new unit name (the new name must be in the enterprise registry); 409 when an application is open or the name is taken.",
        "Approves (the unit's name changes, recorded in history) or rejects with a reason (reviewers); 409 when decided already."
    )
);

/// Registers both kinds' routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.configure(code_applications::configure)
        .configure(name_changes::configure);
}
