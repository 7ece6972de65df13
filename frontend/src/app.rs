//! The root component: auth context and the route table.

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::auth::Auth;
use crate::components::banner::Flash;
use crate::components::confirm::{Confirm, ConfirmDialog};
use crate::components::notice_bell::NoticeCount;
use crate::components::review_count::ReviewCount;
use crate::pages::accounts::AccountsPage;
use crate::pages::api_keys::ApiKeysPage;
use crate::pages::audit_log::AuditLogPage;
use crate::pages::batch_review::BatchReviewPage;
use crate::pages::batch_review_queue::{BatchReviewQueuePage, VoucherReviewQueuePage};
use crate::pages::batch_wizard::BatchWizardPage;
use crate::pages::batches::BatchesPage;
use crate::pages::change_password::ChangePasswordPage;
use crate::pages::code_application::CodeApplicationPage;
use crate::pages::dictionaries::DictionariesPage;
use crate::pages::home::HomePage;
use crate::pages::login::LoginPage;
use crate::pages::not_found::NotFound;
use crate::pages::notices::NoticesPage;
use crate::pages::operator::OperatorPage;
use crate::pages::plan_years::PlanYearsPage;
use crate::pages::register::RegisterPage;
use crate::pages::review_queue::{CodeApplicationReviewPage, NameChangeReviewPage};
use crate::pages::shell::Shell;
use crate::pages::statistics::StatisticsPage;
use crate::pages::unit_info::UnitInfoPage;
use crate::pages::voucher_review::VoucherReviewPage;
use crate::pages::vouchers::{VoucherPage, VouchersPage};

/// The whole app. Menu pages are grouped by role so each group can grow (a route level holds
/// at most 16 routes); the shell checks the role (see `menu::allows`).
#[component]
pub fn App() -> impl IntoView {
    provide_context(Auth::load());
    provide_context(Confirm::new());
    provide_context(Flash::new());
    provide_context(ReviewCount::new());
    provide_context(NoticeCount::new());

    view! {
        <ConfirmDialog />
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/login") view=LoginPage />
                <Route path=path!("/change-password") view=ChangePasswordPage />
                <Route path=path!("/register") view=RegisterPage />
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=HomePage />
                    // 消息提醒, every role
                    <Route path=path!("/notices") view=NoticesPage />
                    // 单位经办人
                    <ParentRoute path=path!("/unit") view=Outlet>
                        <Route path=path!("/operator") view=OperatorPage />
                        <Route path=path!("/code-applications") view=CodeApplicationPage />
                        <Route path=path!("/unit-info") view=UnitInfoPage />
                        <Route path=path!("/batches") view=BatchesPage />
                        <Route path=path!("/batches/:id") view=BatchWizardPage />
                        <Route path=path!("/vouchers") view=VouchersPage />
                        <Route path=path!("/vouchers/:id") view=VoucherPage />
                        <Route path=path!("/api-keys") view=ApiKeysPage />
                    </ParentRoute>
                    // 职保会审核员
                    <ParentRoute path=path!("/review") view=Outlet>
                        <Route path=path!("/code-applications") view=CodeApplicationReviewPage />
                        <Route path=path!("/name-changes") view=NameChangeReviewPage />
                        <Route path=path!("/batches") view=BatchReviewQueuePage />
                        <Route path=path!("/batches/:id") view=BatchReviewPage />
                        <Route path=path!("/vouchers") view=VoucherReviewQueuePage />
                        <Route path=path!("/vouchers/:id") view=VoucherReviewPage />
                        <Route path=path!("/statistics") view=StatisticsPage />
                        <Route path=path!("/audit-log") view=AuditLogPage />
                    </ParentRoute>
                    // 管理员
                    <ParentRoute path=path!("/admin") view=Outlet>
                        <Route path=path!("/accounts") view=AccountsPage />
                        <Route path=path!("/plan-years") view=PlanYearsPage />
                        <Route path=path!("/dictionaries") view=DictionariesPage />
                        <Route path=path!("/api-keys") view=ApiKeysPage />
                    </ParentRoute>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
