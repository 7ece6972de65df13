//! 提交系统校验 (step ③) and 处理完成，再次提交系统校验 (step ④): one confirmed submission
//! that puts the batch 名单校验中; the check itself runs in the background.

use api_types::BatchOut;
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::banner::Notice;
use crate::components::confirm::{use_confirm, Ask};

/// Which of the manual's two buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submission {
    /// ③ 请点击：提交系统校验.
    First,
    /// 处理完成，再次提交系统校验.
    Again,
}

impl Submission {
    fn label(self) -> &'static str {
        match self {
            Submission::First => "提交系统校验",
            Submission::Again => "处理完成，再次提交系统校验",
        }
    }

    fn test(self) -> &'static str {
        match self {
            Submission::First => "start-verification",
            Submission::Again => "verify-again",
        }
    }

    fn question(self) -> Ask {
        let what = match self {
            Submission::First => {
                "提交后，系统将在后台进行职退情况、医保情况、可否代扣等校验。校验涉及多个数据接口的调用，人数较多时需要较长时间，可离开本页面稍后查看校验结果。"
            }
            Submission::Again => {
                "系统将在后台再次校验已处理（确认、编辑）的人员和尚未校验的人员，可离开本页面稍后查看校验结果。"
            }
        };
        Ask::new(
            self.label(),
            format!("{what}校验期间不能修改参保名单。确定{}吗？", self.label()),
        )
        .confirm_with("确定提交")
    }
}

/// The button, enabled when the batch's status allows `start_verification`; after the
/// submission `batch` is the batch 名单校验中 (its new version).
#[component]
pub fn StartVerification(
    batch: RwSignal<Option<BatchOut>>,
    notice: Notice,
    kind: Submission,
) -> impl IntoView {
    let api = use_api();
    let confirm = use_confirm();
    let start = Action::new_local(move |_: &()| async move {
        notice.clear();
        let Some(b) = batch.get_untracked() else {
            return;
        };
        if let Some(after) = notice.check(api.verification().start(&b).await) {
            batch.set(Some(after));
            notice.success("已提交系统校验，校验在后台进行");
        }
    });
    let allowed = move || {
        batch.with(|b| {
            b.as_ref()
                .is_some_and(|b| b.allowed_actions.iter().any(|a| a == "start_verification"))
        })
    };
    view! {
        <button
            type="button"
            class="btn btn-primary"
            data-test=kind.test()
            disabled=move || !allowed() || start.pending().get()
            on:click=move |_| {
                confirm.ask(kind.question(), move || {
                    start.dispatch_local(());
                });
            }
        >
            {kind.label()}
        </button>
    }
}
