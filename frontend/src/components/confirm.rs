//! The in-app confirmation dialog (确认对话框) in place of the browser's `confirm()`: it
//! matches the app's look, can say what exactly will happen, and browser tests can click it.

use std::rc::Rc;

use leptos::prelude::*;

/// What to ask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    /// The dialog's heading.
    pub title: String,
    /// What will happen, in full.
    pub message: String,
    /// Label of the confirming button.
    pub confirm_label: &'static str,
    /// A destructive action: the confirming button is red.
    pub danger: bool,
    /// A statement the user must tick before confirming (the manual's 我已阅读并同意).
    pub agreement: Option<&'static str>,
}

impl Ask {
    /// A question with the manual's buttons 取消 / 确定.
    pub fn new(title: impl Into<String>, message: impl Into<String>) -> Self {
        Ask {
            title: title.into(),
            message: message.into(),
            confirm_label: "确定",
            danger: false,
            agreement: None,
        }
    }

    /// A deletion (the manual: 确定进行删除？).
    pub fn delete(message: impl Into<String>) -> Self {
        Ask {
            danger: true,
            ..Ask::new("删除确认", message)
        }
    }

    /// Another label for the confirming button.
    pub fn confirm_with(mut self, label: &'static str) -> Self {
        self.confirm_label = label;
        self
    }

    /// The confirming button stays disabled until `statement` is ticked.
    pub fn agree_to(mut self, statement: &'static str) -> Self {
        self.agreement = Some(statement);
        self
    }

    /// Marks the action as destructive.
    pub fn dangerous(mut self) -> Self {
        self.danger = true;
        self
    }
}

type Pending = (Ask, Rc<dyn Fn()>);

/// The app's confirmation dialog; cheap to copy. Get it with [`use_confirm`].
#[derive(Clone, Copy)]
pub struct Confirm {
    pending: RwSignal<Option<Pending>, LocalStorage>,
}

impl Confirm {
    /// No question open.
    pub fn new() -> Self {
        Confirm {
            pending: RwSignal::new_local(None),
        }
    }

    /// Opens the dialog; `on_yes` runs only if the user confirms.
    pub fn ask(&self, ask: Ask, on_yes: impl Fn() + 'static) {
        self.pending.set(Some((ask, Rc::new(on_yes))));
    }

    /// Closes the dialog without confirming (also when the page changes).
    pub fn dismiss(&self) {
        if self.pending.with_untracked(Option::is_some) {
            self.pending.set(None);
        }
    }

    fn accept(&self) {
        let on_yes = self
            .pending
            .with_untracked(|p| p.as_ref().map(|(_, f)| Rc::clone(f)));
        self.pending.set(None);
        if let Some(on_yes) = on_yes {
            on_yes();
        }
    }
}

impl Default for Confirm {
    fn default() -> Self {
        Confirm::new()
    }
}

/// The dialog provided by `App`.
pub fn use_confirm() -> Confirm {
    expect_context::<Confirm>()
}

/// Renders the open question, if any; mounted once by `App`.
#[component]
pub fn ConfirmDialog() -> impl IntoView {
    let confirm = use_confirm();
    let ask = move || confirm.pending.with(|p| p.as_ref().map(|(a, _)| a.clone()));
    move || {
        ask().map(|a| {
            // A fresh question starts unticked.
            let agreed = RwSignal::new(a.agreement.is_none());
            view! {
                // Above every other dialog: a question may come from inside one.
                <div class="modal-backdrop confirm-backdrop">
                    <div class="modal" role="alertdialog" aria-modal="true" data-test="confirm-dialog">
                        <h3>{a.title.clone()}</h3>
                        <p class="confirm-message" data-test="confirm-message">{a.message.clone()}</p>
                        {a.agreement.map(|statement| view! {
                            <label class="radio" data-test="confirm-agreement">
                                <input type="checkbox" data-test="confirm-agree"
                                    prop:checked=move || agreed.get()
                                    on:change=move |ev| agreed.set(event_target_checked(&ev)) />
                                {statement}
                            </label>
                        })}
                        <div class="modal-actions">
                            <button type="button" class="btn" data-test="confirm-cancel" on:click=move |_| confirm.dismiss()>
                                "取消"
                            </button>
                            <button
                                type="button"
                                class=if a.danger { "btn btn-danger" } else { "btn btn-primary" }
                                data-test="confirm-ok"
                                disabled=move || !agreed.get()
                                on:click=move |_| confirm.accept()
                            >
                                {a.confirm_label}
                            </button>
                        </div>
                    </div>
                </div>
            }
        })
    }
}
