//! Reviewer queues: 参保编码审核 and 单位名称变更审核 — filters (参保编码, 单位名称, 审核状态),
//! paging, detail with attachments, approve or reject with a reason.

use api_types::{
    ApplicantFields, ApplicationListItem, ApplicationQuery, ApplicationStatus, AttachmentOut,
    ReviewIn,
};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::applications::ApplicationKind;
use crate::api::{filter, use_api, ApiError};
use crate::components::banner::{Notice, NoticeBanner};
use crate::components::format::list_time;
use crate::components::pager::{Pager, Paging};
use crate::components::table::{total_of, DataTable};
use crate::components::unit_forms::AttachmentLinks;

/// What the detail panel shows, from either kind of application.
#[derive(Debug, Clone, PartialEq)]
struct Detail {
    id: Uuid,
    unit_name: String,
    status: ApplicationStatus,
    rows: Vec<(&'static str, String)>,
    attachments: Vec<AttachmentOut>,
}

fn applicant_rows(a: &ApplicantFields) -> Vec<(&'static str, String)> {
    vec![
        ("经办人姓名", a.operator_name.clone()),
        ("经办人手机", a.operator_mobile.clone()),
        ("经办人邮箱", a.operator_email.clone()),
        ("所属区局工会", a.district_union.clone()),
        ("经济类型", a.economic_type.clone()),
        ("单位地址", a.address.clone()),
        ("邮政编码", a.postcode.clone()),
        ("负责人", a.principal.clone().unwrap_or_default()),
        ("单位电话", a.phone.clone().unwrap_or_default()),
    ]
}

/// `/review/code-applications`.
#[component]
pub fn CodeApplicationReviewPage() -> impl IntoView {
    view! { <ReviewQueue kind=ApplicationKind::Code title="参保编码审核" /> }
}

/// `/review/name-changes`.
#[component]
pub fn NameChangeReviewPage() -> impl IntoView {
    view! { <ReviewQueue kind=ApplicationKind::NameChange title="单位名称变更审核" /> }
}

/// Loads one application in full (mobile unmasked: the read is audited).
async fn load_detail(
    api: crate::api::Api,
    kind: ApplicationKind,
    id: Uuid,
) -> Result<Detail, ApiError> {
    let apps = api.applications();
    Ok(match kind {
        ApplicationKind::Code => {
            let a = apps.code_application(id).await?;
            Detail {
                id: a.id,
                unit_name: a.unit_name.clone(),
                status: a.status,
                rows: [
                    vec![
                        ("单位名称", a.unit_name.clone()),
                        ("统一社会信用代码", a.credit_code.clone()),
                    ],
                    applicant_rows(&a.applicant),
                ]
                .concat(),
                attachments: a.attachments,
            }
        }
        ApplicationKind::NameChange => {
            let n = apps.name_change(id).await?;
            Detail {
                id: n.id,
                unit_name: n.new_name.clone(),
                status: n.status,
                rows: [
                    vec![
                        ("原单位名称", n.old_name.clone()),
                        ("新单位名称", n.new_name.clone()),
                        ("统一社会信用代码", n.credit_code.clone()),
                    ],
                    applicant_rows(&n.applicant),
                ]
                .concat(),
                attachments: n.attachments,
            }
        }
    })
}

#[component]
fn ReviewQueue(kind: ApplicationKind, title: &'static str) -> impl IntoView {
    let api = use_api();
    let notice = Notice::new();
    let code = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let status = RwSignal::new(Some(ApplicationStatus::Pending));
    let initial = ApplicationQuery {
        status: Some(ApplicationStatus::Pending),
        ..ApplicationQuery::default()
    };
    let applied = RwSignal::new(initial);
    let paging = Paging::new();
    let detail = RwSignal::new(None::<Detail>);
    let reason = RwSignal::new(String::new());

    let list = LocalResource::new(move || {
        let (page, page_size) = paging.get();
        let query = ApplicationQuery {
            page,
            page_size,
            ..applied.get()
        };
        async move { api.applications().list(kind, &query).await }
    });
    let search = move || {
        notice.clear();
        paging.first();
        applied.set(ApplicationQuery {
            enrollment_code: filter(&code.get_untracked()),
            unit_name: filter(&name.get_untracked()),
            status: status.get_untracked(),
            ..ApplicationQuery::default()
        });
    };

    let open = Action::new_local(move |id: &Uuid| {
        let id = *id;
        async move {
            notice.clear();
            reason.set(String::new());
            if let Some(d) = notice.check(load_detail(api, kind, id).await) {
                detail.set(Some(d));
            }
        }
    });
    let decide = Action::new_local(move |approved: &bool| {
        let approved = *approved;
        async move {
            notice.clear();
            let Some(d) = detail.get_untracked() else {
                return;
            };
            let body = ReviewIn {
                approved,
                reason: filter(&reason.get_untracked()),
                enrollment_code: None,
            };
            let decided = api.applications().review(kind, d.id, &body).await;
            if notice.check(decided).is_some() {
                detail.set(None);
                let verdict = if approved {
                    "审核通过"
                } else {
                    "审核不通过"
                };
                notice.success(format!("已{verdict}：{}", d.unit_name));
                list.refetch();
            }
        }
    });
    let busy = decide.pending();
    // The detail opens below a possibly long list: bring it into view.
    let detail_ref = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let (true, Some(el)) = (detail.with(Option::is_some), detail_ref.get()) {
            el.scroll_into_view();
        }
    });

    let row = move |item: ApplicationListItem| {
        let id = item.id;
        view! {
            <tr data-test="review-row">
                <td>{item.enrollment_code.clone().unwrap_or_default()}</td>
                <td data-test="review-row-name">{item.unit_name.clone()}</td>
                <td>{item.old_name.clone().unwrap_or_default()}</td>
                <td>{item.operator_name.clone()}</td>
                <td>{item.operator_mobile_masked.clone()}</td>
                <td data-test="review-row-status">{item.status.label_zh()}</td>
                <td>{list_time(item.submitted_at)}</td>
                <td>
                    <button type="button" class="btn btn-link" data-test="review-open" on:click=move |_| { open.dispatch_local(id); }>
                        "查看 / 审核"
                    </button>
                </td>
            </tr>
        }
    };

    view! {
        <section class="page" data-test="review-page">
            <h2 class="page-title" data-test="page-title">{title}</h2>
            <div class="panel filters">
                <label>"参保编码：" <input type="text" data-test="filter-code" bind:value=code placeholder="请输入" /></label>
                <label>"单位名称：" <input type="text" data-test="filter-name" bind:value=name placeholder="请输入" /></label>
                <label>
                    "审核状态："
                    <select data-test="filter-status"
                        prop:value=move || status.get().map_or("", ApplicationStatus::as_str)
                        on:change=move |ev| status.set(ApplicationStatus::parse(&event_target_value(&ev)))>
                        <option value="">"全部"</option>
                        {[ApplicationStatus::Pending, ApplicationStatus::Approved, ApplicationStatus::Rejected]
                            .into_iter()
                            .map(|s| view! { <option value=s.as_str()>{s.label_zh()}</option> })
                            .collect_view()}
                    </select>
                </label>
                <button type="button" class="btn btn-primary" data-test="filter-search" on:click=move |_| search()>"查询"</button>
                <button type="button" class="btn" data-test="filter-reset" on:click=move |_| {
                    code.set(String::new());
                    name.set(String::new());
                    status.set(None);
                    search();
                }>"重置"</button>
            </div>
            <NoticeBanner notice=notice error_test="review-error" ok_test="review-message" />
            <div class="panel">
                <DataTable
                    data=list
                    test="review-table"
                    head=|| view! {
                        <th>"参保编码"</th><th>"单位名称"</th><th>"原单位名称"</th><th>"经办人"</th>
                        <th>"经办人手机"</th><th>"审核状态"</th><th>"提交时间"</th><th>"操作"</th>
                    }
                    row=row
                />
                <Pager paging=paging total=total_of(list) test="review-paging" />
            </div>
            {move || detail.get().map(|d| {
                let pending = d.status == ApplicationStatus::Pending;
                view! {
                    <div class="panel" data-test="review-detail" node_ref=detail_ref>
                        <h3>"申请详情"</h3>
                        <dl class="facts">
                            {d.rows.iter().map(|(k, v)| view! { <dt>{*k}</dt><dd>{v.clone()}</dd> }).collect_view()}
                            <dt>"审核状态"</dt>
                            <dd>{d.status.label_zh()}</dd>
                        </dl>
                        <h4>"附件"</h4>
                        <AttachmentLinks files=d.attachments.clone() />
                        {pending.then(|| view! {
                            <label class="field">
                                <span class="field-label">"不通过原因（审核不通过时必填）"</span>
                                <textarea data-test="review-reason" maxlength="500" prop:value=move || reason.get()
                                    on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                            </label>
                            <div class="toolbar">
                                <button type="button" class="btn btn-primary" data-test="review-approve"
                                    disabled=move || busy.get() on:click=move |_| { decide.dispatch_local(true); }>"审核通过"</button>
                                <button type="button" class="btn btn-danger" data-test="review-reject"
                                    disabled=move || busy.get() on:click=move |_| { decide.dispatch_local(false); }>"审核不通过"</button>
                            </div>
                        })}
                        <button type="button" class="btn" data-test="review-close" on:click=move |_| detail.set(None)>"关闭"</button>
                    </div>
                }
            })}
        </section>
    }
}
