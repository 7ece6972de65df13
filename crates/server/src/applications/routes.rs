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
        docs: ($submit_doc:literal, $submit_conflict:literal, $review_doc:literal, $review_conflict:literal)
    ) => {
        pub mod $module {
            use actix_web::{get, post, put, web, HttpResponse};
            use api_types::{ApiErrorBody, ApplicationListItem, ApplicationQuery, Page, ReviewIn};
            use uuid::Uuid;

            use crate::app::state::AppState;
            use crate::applications::service;
            use crate::auth::AuthUser;
            use crate::http::ApiResult;

            #[doc = $submit_doc]
            #[utoipa::path(
                tag = $tag,
                security(("bearer" = [])),
                request_body = $input,
                responses(
                    (status = 201, body = $output),
                    (status = 403, body = ApiErrorBody),
                    (status = 409, description = $submit_conflict, body = ApiErrorBody),
                    (status = 422, body = ApiErrorBody)
                )
            )]
            #[post($list)]
            pub async fn submit(
                state: web::Data<AppState>,
                user: AuthUser,
                body: web::Json<$input>,
            ) -> ApiResult<HttpResponse> {
                let registry = state.interfaces.registry.as_ref();
                let now = state.clock.now();
                let row =
                    service::submit(&state.db, registry, &user.actor(), (&*body).into(), now)
                        .await?;
                Ok(HttpResponse::Created().json($out(&state.db, row).await?))
            }

            /// Lists applications of this kind (a unit its own; reviewers and admins all), filtered and paged.
            #[utoipa::path(
                tag = $tag,
                security(("bearer" = [])),
                params(ApplicationQuery),
                responses((status = 200, body = Page<ApplicationListItem>))
            )]
            #[get($list)]
            pub async fn list(
                state: web::Data<AppState>,
                user: AuthUser,
                query: web::Query<ApplicationQuery>,
            ) -> ApiResult<web::Json<Page<ApplicationListItem>>> {
                let page = service::list(&state.db, &user.actor(), $kind, &query).await?;
                Ok(web::Json(page))
            }

            /// One application of this kind in full with its attachments (unmasked: the read is audited).
            #[utoipa::path(
                tag = $tag,
                security(("bearer" = [])),
                params(("id" = Uuid, Path)),
                responses((status = 200, body = $output), (status = 404, body = ApiErrorBody))
            )]
            #[get($item)]
            pub async fn detail(
                state: web::Data<AppState>,
                user: AuthUser,
                path: web::Path<Uuid>,
            ) -> ApiResult<web::Json<$output>> {
                let (id, now) = (path.into_inner(), state.clock.now());
                let row = service::view(&state.db, &user.actor(), $kind, id, now).await?;
                Ok(web::Json($out(&state.db, row).await?))
            }

            /// Edits a rejected application and submits it again (申请中).
            #[utoipa::path(
                tag = $tag,
                security(("bearer" = [])),
                params(("id" = Uuid, Path)),
                request_body = $input,
                responses(
                    (status = 200, body = $output),
                    (status = 404, body = ApiErrorBody),
                    (status = 409, description = "不是审核不通过状态", body = ApiErrorBody),
                    (status = 422, body = ApiErrorBody)
                )
            )]
            #[put($item)]
            pub async fn resubmit(
                state: web::Data<AppState>,
                user: AuthUser,
                path: web::Path<Uuid>,
                body: web::Json<$input>,
            ) -> ApiResult<web::Json<$output>> {
                let registry = state.interfaces.registry.as_ref();
                let (id, now) = (path.into_inner(), state.clock.now());
                let form = (&*body).into();
                let row =
                    service::resubmit(&state.db, registry, &user.actor(), id, form, now).await?;
                Ok(web::Json($out(&state.db, row).await?))
            }

            #[doc = $review_doc]
            #[utoipa::path(
                tag = $tag,
                security(("bearer" = [])),
                params(("id" = Uuid, Path)),
                request_body = ReviewIn,
                responses(
                    (status = 200, body = $output),
                    (status = 403, body = ApiErrorBody),
                    (status = 404, body = ApiErrorBody),
                    (status = 409, description = $review_conflict, body = ApiErrorBody),
                    (status = 422, description = "缺少不通过原因", body = ApiErrorBody)
                )
            )]
            #[post($review)]
            pub async fn review(
                state: web::Data<AppState>,
                user: AuthUser,
                path: web::Path<Uuid>,
                body: web::Json<ReviewIn>,
            ) -> ApiResult<web::Json<$output>> {
                let (id, now) = (path.into_inner(), state.clock.now());
                let row =
                    service::review(&state.db, &user.actor(), $kind, id, &body, now).await?;
                Ok(web::Json($out(&state.db, row).await?))
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
    out: service::code_out,
    docs: (
        "Applies for an enrollment code (a unit without one).",
        "已有参保编码或已有申请中的申请",
        "Approves (assigns the 参保编码) or rejects with a reason (reviewers).",
        "已审核或参保编码已被使用"
    )
);

application_routes!(
    module: name_changes,
    kind: domain::ApplicationKind::NameChange,
    tag: "name-changes",
    paths: ("/name-changes", "/name-changes/{id}", "/name-changes/{id}/review"),
    input: api_types::NameChangeIn,
    output: api_types::NameChangeOut,
    out: service::name_change_out,
    docs: (
        "Applies for a new unit name (the new name must be in the enterprise registry).",
        "已有申请中的申请或名称已被使用",
        "Approves (the unit's name changes, recorded in history) or rejects with a reason (reviewers).",
        "已审核或名称已被使用"
    )
);

/// Registers both kinds' routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.configure(code_applications::configure)
        .configure(name_changes::configure);
}
