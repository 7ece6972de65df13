//! Reviewer queues: 参保编码审核 and 单位名称变更审核 — filters (参保编码, 单位名称, 审核状态),
//! paging, detail with attachments, approve or reject with a reason.

use api_types::{
    ApplicantFields, ApplicationListItem, ApplicationStatus, AttachmentOut, Page, ReviewIn,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{enc, use_api};
use crate::components::unit_forms::{beijing_time, status_label, AttachmentLinks, ErrorBox};

/// What the detail panel shows, from either kind of application.
#[derive(Clone)]
struct Detail {
    id: String,
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
    view! { <ReviewQueue resource="code-applications" title="参保编码审核" /> }
}

/// `/review/name-changes`.
#[component]
pub fn NameChangeReviewPage() -> impl IntoView {
    view! { <ReviewQueue resource="name-changes" title="单位名称变更审核" /> }
}

#[component]
fn ReviewQueue(resource: &'static str, title: &'static str) -> impl IntoView {
    let api = use_api();
    let code = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let status = RwSignal::new("pending".to_string());
    let page_no = RwSignal::new(1u64);
    let page = RwSignal::new(None::<Page<ApplicationListItem>>);
    let detail = RwSignal::new(None::<Detail>);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);

    let load = move || {
        let query = format!(
            "page={}&page_size=10&enrollment_code={}&unit_name={}{}",
            page_no.get_untracked(),
            enc(&code.get_untracked()),
            enc(&name.get_untracked()),
            match status.get_untracked().as_str() {
                "" => String::new(),
                s => format!("&status={s}"),
            }
        );
        spawn_local(async move {
            let result = if resource == "code-applications" {
                api.code_applications(&query).await
            } else {
                api.name_changes(&query).await
            };
            match result {
                Ok(p) => page.set(Some(p)),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    load();

    let open = move |id: String| {
        reason.set(String::new());
        error.set(None);
        spawn_local(async move {
            let loaded = if resource == "code-applications" {
                api.code_application(&id).await.map(|a| Detail {
                    id: a.id.to_string(),
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
                })
            } else {
                api.name_change(&id).await.map(|n| Detail {
                    id: n.id.to_string(),
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
                })
            };
            match loaded {
                Ok(d) => detail.set(Some(d)),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };

    let decide = move |approved: bool| {
        let Some(d) = detail.get_untracked() else {
            return;
        };
        let body = ReviewIn {
            approved,
            reason: Some(reason.get_untracked()).filter(|r| !r.trim().is_empty()),
            enrollment_code: None,
        };
        error.set(None);
        spawn_local(async move {
            match api.review(resource, &d.id, &body).await {
                Ok(_) => {
                    detail.set(None);
                    load();
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };

    let rows = move || {
        page.get()
            .map(|p| p.items)
            .unwrap_or_default()
            .into_iter()
            .map(|item| {
                let id = item.id.to_string();
                view! {
                    <tr data-test="review-row">
                        <td>{item.enrollment_code.clone().unwrap_or_default()}</td>
                        <td data-test="review-row-name">{item.unit_name.clone()}</td>
                        <td>{item.old_name.clone().unwrap_or_default()}</td>
                        <td>{item.operator_name.clone()}</td>
                        <td>{item.operator_mobile_masked.clone()}</td>
                        <td data-test="review-row-status">{status_label(item.status)}</td>
                        <td>{beijing_time(item.submitted_at)}</td>
                        <td>
                            <button class="btn btn-link" data-test="review-open" on:click=move |_| open(id.clone())>
                                "查看 / 审核"
                            </button>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    let total = move || page.get().map(|p| p.total).unwrap_or(0);
    let pages = move || total().div_ceil(10).max(1);

    view! {
        <section class="page" data-test="review-page">
            <h2 class="page-title" data-test="page-title">{title}</h2>
            <div class="panel">
                <label class="field">
                    <span class="field-label">"参保编码"</span>
                    <input type="text" data-test="filter-code" bind:value=code />
                </label>
                <label class="field">
                    <span class="field-label">"单位名称"</span>
                    <input type="text" data-test="filter-name" bind:value=name />
                </label>
                <label class="field">
                    <span class="field-label">"审核状态"</span>
                    <select data-test="filter-status" prop:value=move || status.get() on:change=move |ev| status.set(event_target_value(&ev))>
                        <option value="">"全部"</option>
                        <option value="pending" selected=true>"申请中"</option>
                        <option value="approved">"审核通过"</option>
                        <option value="rejected">"审核不通过"</option>
                    </select>
                </label>
                <button class="btn btn-primary" data-test="filter-search" on:click=move |_| { page_no.set(1); load(); }>"查询"</button>
                <button class="btn btn-ghost" data-test="filter-reset" on:click=move |_| {
                    code.set(String::new());
                    name.set(String::new());
                    status.set(String::new());
                    page_no.set(1);
                    load();
                }>"重置"</button>
            </div>
            <ErrorBox error=error test="review-error" />
            <table class="panel" data-test="review-table">
                <thead>
                    <tr>
                        <th>"参保编码"</th><th>"单位名称"</th><th>"原单位名称"</th><th>"经办人"</th>
                        <th>"经办人手机"</th><th>"审核状态"</th><th>"提交时间"</th><th>"操作"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <p data-test="review-paging">
                {move || format!("共 {} 条，第 {} / {} 页 ", total(), page_no.get(), pages())}
                <button class="btn btn-link" disabled=move || { page_no.get() <= 1 } on:click=move |_| { page_no.update(|p| *p -= 1); load(); }>"上一页"</button>
                <button class="btn btn-link" disabled=move || { page_no.get() >= pages() } on:click=move |_| { page_no.update(|p| *p += 1); load(); }>"下一页"</button>
            </p>
            {move || detail.get().map(|d| {
                let pending = d.status == ApplicationStatus::Pending;
                view! {
                    <div class="panel" data-test="review-detail">
                        <h3>"申请详情"</h3>
                        <dl class="facts">
                            {d.rows.iter().map(|(k, v)| view! { <dt>{*k}</dt><dd>{v.clone()}</dd> }).collect_view()}
                            <dt>"审核状态"</dt>
                            <dd>{status_label(d.status)}</dd>
                        </dl>
                        <h4>"附件"</h4>
                        <AttachmentLinks files=d.attachments.clone() />
                        <Show when=move || pending>
                            <label class="field">
                                <span class="field-label">"不通过原因"</span>
                                <textarea data-test="review-reason" maxlength="500" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                            </label>
                            <button class="btn btn-primary" data-test="review-approve" on:click=move |_| decide(true)>"审核通过"</button>
                            " "
                            <button class="btn btn-ghost" data-test="review-reject" on:click=move |_| decide(false)>"审核不通过"</button>
                        </Show>
                    </div>
                }
            })}
        </section>
    }
}
