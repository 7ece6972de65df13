//! The dialogs of 校验结果处理: 编辑 (enter the 退休年月 of a person whose month is empty or
//! invalid) and 异常核对 (the imported name beside the social-security name, with the manual's
//! advice on which button to use).

use api_types::{BatchOut, ResolutionKey, RosterEntryOut};
use domain::YearMonth;
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::banner::{Notice, NoticeBanner};
use crate::components::labels;

/// 编辑: the retirement month, checked here first and then by the server; `on_close` gets the
/// batch after a save (its new version), `None` when closed; `on_reload` is offered when the
/// batch changed meanwhile.
#[component]
pub fn RetirementMonthDialog(
    batch: RwSignal<Option<BatchOut>>,
    person: RosterEntryOut,
    on_close: Callback<Option<BatchOut>>,
    on_reload: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let notice = Notice::new();
    let month = RwSignal::new(person.edited_retirement_month.clone().unwrap_or_default());
    let entry = person.id;

    let save = Action::new_local(move |month: &String| {
        let month = month.clone();
        async move {
            notice.clear();
            let Some(b) = batch.get_untracked() else {
                return;
            };
            let key = ResolutionKey::EditRetirementMonth;
            let saved = api
                .verification()
                .resolve(&b, entry, key, Some(month))
                .await;
            if let Some(out) = notice.check(saved) {
                on_close.run(Some(out.batch));
            }
        }
    });
    let on_save = move |_| {
        let raw = month.get_untracked();
        if raw.trim().is_empty() {
            return notice.invalid("请填写退休年月");
        }
        // Whether the month follows the birth date is the server's check: the list no
        // longer carries birth dates (they are 8 of the ID number's masked digits).
        match YearMonth::parse(&raw) {
            Err(e) => notice.invalid(e.to_string()),
            Ok(m) => {
                save.dispatch_local(m.to_string());
            }
        }
    };

    view! {
        <div class="modal-backdrop">
            <div class="modal" data-test="month-dialog">
                <h3>"编辑退休年月"</h3>
                <dl class="facts">
                    <dt>"姓名"</dt><dd data-test="month-person">{person.name.clone()}</dd>
                    <dt>"证件号码"</dt><dd>{person.id_number_masked.clone()}</dd>
                    <dt>"校验结果"</dt><dd>{person.outcome_label.clone().unwrap_or_default()}</dd>
                </dl>
                <label class="field">
                    <span class="field-label">"* 退休年月"</span>
                    <input data-test="month-input" bind:value=month placeholder="例如：2015-03" />
                </label>
                <p class="field-help">"未匹配到退休人员的退休年月，请补充该人员的退休年月（年-月）。"</p>
                <NoticeBanner notice=notice error_test="month-error" on_reload=on_reload />
                <div class="modal-actions">
                    <button type="button" class="btn" data-test="month-cancel" on:click=move |_| on_close.run(None)>"关闭"</button>
                    <button type="button" class="btn btn-primary" data-test="month-save"
                        disabled=move || save.pending().get() on:click=on_save>"保存"</button>
                </div>
            </div>
        </div>
    }
}

/// 异常核对: which name is right decides the action (确认 overwrites with the social-security
/// name; 删除 removes a person whose ID number was wrong).
#[component]
pub fn NameCheckDialog(
    person: RosterEntryOut,
    on_confirm: Callback<()>,
    on_delete: Callback<()>,
    on_close: Callback<()>,
) -> impl IntoView {
    let deletable = person.resolutions.iter().any(|r| r == "delete");
    view! {
        <div class="modal-backdrop">
            <div class="modal" data-test="name-check-dialog">
                <h3>"异常核对"</h3>
                <dl class="facts">
                    <dt>"导入姓名"</dt><dd data-test="name-check-imported">{person.name.clone()}</dd>
                    <dt>"社保姓名"</dt><dd data-test="name-check-ss">{person.ss_name.clone().unwrap_or_default()}</dd>
                    <dt>"证件类型"</dt><dd>{labels::doc_type(person.doc_type)}</dd>
                    <dt>"证件号码"</dt><dd>{person.id_number_masked.clone()}</dd>
                </dl>
                <ul class="advice">
                    <li>"如导入姓名有误、社保姓名正确，请点击【确认】，以社保姓名覆盖。"</li>
                    <li>"如导入姓名正确，则身份证号错误，请点击【删除】，删除该人员（如需新增人员，可返回前一步骤，点击“新增参保人员”，进行补充）。"</li>
                </ul>
                <div class="modal-actions">
                    <button type="button" class="btn" data-test="name-check-close" on:click=move |_| on_close.run(())>"关闭"</button>
                    {deletable.then(|| view! {
                        <button type="button" class="btn btn-danger" data-test="name-check-delete" on:click=move |_| on_delete.run(())>"删除"</button>
                    })}
                    <button type="button" class="btn btn-primary" data-test="name-check-confirm" on:click=move |_| on_confirm.run(())>"确认"</button>
                </div>
            </div>
        </div>
    }
}
